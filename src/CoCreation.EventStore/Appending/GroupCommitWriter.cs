using Microsoft.Extensions.Logging;

namespace CoCreation.EventStore;

internal sealed class GroupCommitWriter(EventStore store, ILogger<GroupCommitWriter> logger) : IAsyncDisposable
{
    public int QueueLength => 0;

    public ValueTask DisposeAsync()
    {
        _ = store;
        _ = logger;
        return ValueTask.CompletedTask;
    }
}
