using CoCreation.Api.Pricing.Statistics;

namespace CoCreation.Api.Suggestions.Listing;

/// <summary>One page of a question's suggestions of one status, in the order asked for, and how many there are in all.</summary>
public sealed record SuggestionPage(
    string QuestionId, string Status, string Sort, int Total, int Offset, int Limit, StatsAsOf AsOf, IReadOnlyList<SuggestionItem> Items);

/// <summary>
/// A suggestion in a list: <c>upvotes</c> counts distinct people over it and every suggestion merged into it;
/// <c>mergedInto</c> names the target of a merged one.
/// </summary>
public sealed record SuggestionItem(
    Guid SuggestionId, string QuestionId, string Text, string Status, int Upvotes, DateTimeOffset CreatedAt, Guid? MergedInto, int MergedCount);
