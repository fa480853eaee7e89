using System.Security.Cryptography;

namespace CoCreation.EventStore;

/// <summary>One append on its way to a transaction: its serialized events and the caller waiting for it.</summary>
internal sealed class PendingAppend
{
    public PendingAppend(string streamId, IReadOnlyList<SerializedEvent> events, AppendOptions options)
    {
        StreamId = streamId;
        Events = events;
        Options = options;
        if (options.Idempotency is { } key)
        {
            Key = key.Key;
            Fingerprint = key.Fingerprint ?? FingerprintOf(streamId, events);
        }
    }

    public string StreamId { get; }

    public IReadOnlyList<SerializedEvent> Events { get; }

    public AppendOptions Options { get; }

    public string? Key { get; }

    public string? Fingerprint { get; }

    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set while committing: the outcome decided for this append inside the current transaction.</summary>
    public AppendResult? Result { get; set; }

    public Exception? Failure { get; set; }

    public void Complete()
    {
        if (Failure is not null) Completion.TrySetException(Failure);
        else Completion.TrySetResult(Result!);
    }

    internal static string FingerprintOf(string streamId, IReadOnlyList<SerializedEvent> events)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(streamId));
        foreach (var e in events)
        {
            hash.AppendData([0]);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(e.Type));
            hash.AppendData([0]);
            hash.AppendData(e.Data);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

/// <summary>An event ready to be written: its id, stored type name and JSON.</summary>
internal sealed record SerializedEvent(Guid Id, string Type, byte[] Data);
