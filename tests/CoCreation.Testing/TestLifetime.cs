using Microsoft.Extensions.Hosting;

namespace CoCreation.Testing;

/// <summary>A host lifetime that leaves Ctrl-C and SIGTERM to the test runner: the test stops the host itself.</summary>
public sealed class TestLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
