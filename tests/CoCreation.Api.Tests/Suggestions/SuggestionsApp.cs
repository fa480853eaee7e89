using CoCreation.Api.Tests.Hosting;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Suggestions;

/// <summary>The API with a banned-words list configured, in a schema of its own.</summary>
public sealed class SuggestionsApp : IAsyncLifetime
{
    public CoCreationApp App { get; } = CoCreationApp.On(TestDatabase.UniqueSchema("sugg"), new Dictionary<string, string?>
    {
        ["Suggestions:BannedWords:0"] = "spam",
        ["Suggestions:BannedWords:1"] = "垃圾",
    }, ownsSchema: true);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}
