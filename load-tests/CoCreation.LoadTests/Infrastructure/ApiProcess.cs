using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace CoCreation.LoadTests.Infrastructure;

/// <summary>
/// The real API as a child process on 127.0.0.1, configured through environment variables as in production,
/// with its output kept in a log file. Reads the process's CPU time and peak memory from /proc.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri address, string log)
    {
        _process = process;
        Address = address;
        Log = log;
    }

    public Uri Address { get; }

    public string Log { get; }

    /// <summary>
    /// The API a scenario loads: <paramref name="target"/> when given (its CPU and memory read from
    /// <paramref name="serverPid"/>, when given), else one started from the Release build, which the caller then owns.
    /// Anything but loopback is refused.
    /// </summary>
    public static async Task<(ApiProcess? Started, Uri Address, ProcessStats? Server)> OpenAsync(
        string? target, int? serverPid, IReadOnlyDictionary<string, string> environment, string scenario, CancellationToken cancellationToken)
    {
        ApiProcess? started = null;
        if (target is null)
        {
            Spectre.Console.AnsiConsole.MarkupLine("Starting the API from the Release build (pass --target to load a running one)");
            started = await StartAsync(ReleaseBuild, environment, Path.Combine(Path.GetTempPath(), $"cocreation-{scenario}-api-{Environment.ProcessId}.log"), cancellationToken);
        }
        var address = started?.Address ?? new Uri(target!);
        if (!address.IsLoopback)
        {
            if (started is not null) await started.DisposeAsync();
            throw new InvalidOperationException("The load generator targets loopback only (127.0.0.1).");
        }
        return (started, address, started?.Stats ?? (serverPid is { } pid ? new ProcessStats(pid) : null));
    }

    /// <summary>Starts <paramref name="apiDll"/> with <paramref name="environment"/> and waits until /health/ready answers 200.</summary>
    /// <param name="port">A port to listen on (to restart an API where its clients expect it); default a free one.</param>
    public static async Task<ApiProcess> StartAsync(
        string apiDll, IReadOnlyDictionary<string, string> environment, string log, CancellationToken cancellationToken, int? port = null)
    {
        if (!File.Exists(apiDll)) throw new FileNotFoundException($"The API is not built at {apiDll}; run dotnet build -c Release first.", apiDll);
        var address = new Uri($"http://127.0.0.1:{port ?? Loopback.FreePort()}");
        var start = new ProcessStartInfo("dotnet", [apiDll, "--urls", address.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(apiDll))!,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, address, log);

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The API exited with {process.ExitCode} while starting; see {log}.");
            try
            {
                if ((await http.GetAsync("/health/ready", cancellationToken)).StatusCode == HttpStatusCode.OK) return api;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while starting.
            }
            if (DateTime.UtcNow > deadline)
            {
                await api.DisposeAsync();
                throw new TimeoutException($"The API was not ready within 60 s; see {log}.");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The API built in Release in this checkout.</summary>
    public static string ReleaseBuild => Path.Combine(Repository.Root(), "src/CoCreation.Api/bin/Release/net10.0/CoCreation.Api.dll");

    /// <summary>CPU and memory of the API process.</summary>
    public ProcessStats Stats => new(_process.Id);


    /// <summary>SIGKILL: the process dies at once, mid-write if it was writing (fault injection).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, so the host stops its daemon and connections cleanly; SIGKILL after 15 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(CancellationToken.None);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
