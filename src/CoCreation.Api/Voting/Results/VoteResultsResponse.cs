using System.Text.Json.Serialization;
using CoCreation.Api.Pricing.Statistics;

namespace CoCreation.Api.Voting.Results;

/// <summary>A question's results over each person's current ballot, in the cut asked for.</summary>
public sealed record VoteResultsResponse(string QuestionId, string Kind, long Participants, StatsAsOf AsOf, IReadOnlyList<OptionResult> Options);

/// <summary>
/// One option's figures (see <see cref="CoCreation.Voting.VoteTally.Summarize"/>): <c>ci95</c> is the 95% interval of
/// <c>share</c>; points questions add <c>points</c>, and <c>peopleShare</c> with its Wilson interval <c>peopleCi95</c>.
/// </summary>
public sealed record OptionResult(
    string Id, string Label, long Votes, double Share, double[] Ci95,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MeanScore = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Points = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PeopleShare = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? PeopleCi95 = null);
