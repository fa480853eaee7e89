using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoCreation.Testing;

/// <summary>
/// Runs an application's real <c>Main</c> (top-level statements included) on a thread of its own
/// and hands back the host it builds, the way WebApplicationFactory does (its package is not
/// available here). The hosting library announces "HostBuilding" and "HostBuilt" on a
/// <see cref="DiagnosticListener"/>; on the first we add test services, on the second we take the
/// host. <c>Main</c> then runs <c>app.Run()</c> as usual until the host is stopped.
/// </summary>
public sealed class EntryPointHost : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    // Hosts of parallel test classes announce on the same static listeners; each observer answers
    // only the entry point it started (the marker flows into that thread's execution context).
    private static readonly AsyncLocal<EntryPointHost?> Starting = new();

    private readonly Action<IServiceCollection> _configureServices;
    private readonly TaskCompletionSource<IHost> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IDisposable> _subscriptions = [];

    private EntryPointHost(Action<IServiceCollection> configureServices) => _configureServices = configureServices;

    public IHost Host => _built.Task.Result;

    public static async Task<EntryPointHost> StartAsync(
        Assembly assembly, string[] args, Action<IServiceCollection> configureServices, TimeSpan timeout)
    {
        var entryPoint = assembly.EntryPoint ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point.");
        var host = new EntryPointHost(configureServices);
        host._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(host));

        Starting.Value = host;
        var thread = new Thread(() => host.Run(entryPoint, args)) { IsBackground = true, Name = $"{assembly.GetName().Name} Main" };
        thread.Start();
        Starting.Value = null;

        try
        {
            await Task.WhenAny(host._built.Task, host._exited.Task).WaitAsync(timeout);
            if (!host._built.Task.IsCompleted)
            {
                await host._exited.Task;
                throw new InvalidOperationException("Main returned without building a host.");
            }

            await Task.WhenAny(host._started.Task, host._exited.Task).WaitAsync(timeout);
            if (!host._started.Task.IsCompleted)
            {
                await host._exited.Task;
                throw new InvalidOperationException("Main returned before the host started.");
            }
            return host;
        }
        finally
        {
            host.Unsubscribe();
        }
    }

    /// <summary>Stops the host; <c>app.Run()</c> then returns, disposes it, and <c>Main</c> ends.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await _exited.Task.WaitAsync(timeout);
    }

    private void Run(MethodInfo entryPoint, string[] args)
    {
        try
        {
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args]);
            _exited.TrySetResult();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            _exited.TrySetException(e.InnerException);
        }
        catch (Exception e)
        {
            _exited.TrySetException(e);
        }
    }

    private void Unsubscribe()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions) subscription.Dispose();
            _subscriptions.Clear();
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        if (Starting.Value != this || value.Name != "Microsoft.Extensions.Hosting") return;
        lock (_subscriptions) _subscriptions.Add(value.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (Starting.Value != this) return;
        switch (value.Key)
        {
            case "HostBuilding" when value.Value is IHostBuilder builder:
                builder.ConfigureServices((_, services) => _configureServices(services));
                break;
            case "HostBuilt" when value.Value is IHost built:
                // Registered before Main goes on to start the host: a host that fails to start is
                // disposed at once, and its services with it.
                built.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => _started.TrySetResult());
                _built.TrySetResult(built);
                break;
        }
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }
}
