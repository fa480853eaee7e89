using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace CoCreation.Cli.Infrastructure;

/// <summary>What every command needs: the configuration, and stdout both raw and as a Spectre console.</summary>
internal sealed class CliContext
{
    // Wide enough that a redirected table (CI logs, `| grep`) keeps one projection per line.
    private const int RedirectedWidth = 200;

    public CliContext(IConfiguration configuration, TextWriter output)
    {
        Configuration = configuration;
        Output = output;
        var target = new AnsiConsoleOutput(output);
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = target,
            Ansi = target.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = target.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = target.IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!target.IsTerminal) Console.Profile.Width = RedirectedWidth;
    }

    public IConfiguration Configuration { get; }

    /// <summary>Plain stdout, for output meant for other programs (a token, JSON).</summary>
    public TextWriter Output { get; }

    /// <summary>stdout for people: tables and progress bars, plain text when not a terminal.</summary>
    public IAnsiConsole Console { get; }
}
