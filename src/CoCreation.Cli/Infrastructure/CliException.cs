namespace CoCreation.Cli.Infrastructure;

/// <summary>A failure the user can act on: its message goes to stderr as is, without a stack trace.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
