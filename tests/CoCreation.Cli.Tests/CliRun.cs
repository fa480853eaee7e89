using CoCreation.Testing;
using Microsoft.Extensions.Configuration;

namespace CoCreation.Cli.Tests;

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs the tool in-process, as <c>Program</c> does, with stdout and stderr captured.</summary>
public static class CliRun
{
    public static async Task<CliResult> RunAsync(IConfiguration configuration, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Cli.RunAsync(args, output, error, configuration);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    /// <summary>The test database, as the API would be configured with it (the schema comes per test class).</summary>
    public static IConfiguration Database(string? schema = null) => schema is null
        ? Settings(("ConnectionStrings:CoCreation", TestDatabase.ConnectionString))
        : Settings(("ConnectionStrings:CoCreation", TestDatabase.ConnectionString), ("EventStore:Schema", schema));
}
