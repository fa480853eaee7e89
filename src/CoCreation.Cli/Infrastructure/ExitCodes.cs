namespace CoCreation.Cli.Infrastructure;

/// <summary>What the tool's exit status means, for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran but did not achieve its goal (timeout, database unreachable).</summary>
    public const int Failed = 1;

    /// <summary>The command line or the configuration is wrong; nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl-C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
