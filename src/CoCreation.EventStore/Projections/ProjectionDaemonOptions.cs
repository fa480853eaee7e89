namespace CoCreation.EventStore.Projections;

/// <summary>How the projection daemon reads, waits, elects leaders and takes snapshots.</summary>
public sealed class ProjectionDaemonOptions
{
    /// <summary>Most events read and applied in one transaction.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How long a caught-up loop sleeps when no notification arrives (the LISTEN fallback).</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a loop re-reads while the feed waits on a gap (aborts send no notification).</summary>
    public TimeSpan GapPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a standby tries to take the lead of a projection.</summary>
    public TimeSpan StandbyRetryInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the leader checks that the connection holding its advisory locks is alive.</summary>
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>TCP keepalive interval, in seconds, of the lock and LISTEN connections.</summary>
    public int KeepAliveSeconds { get; set; } = 10;

    /// <summary>A live projection's leader writes a snapshot after this many events...</summary>
    public int SnapshotEveryEvents { get; set; } = 50_000;

    /// <summary>...or after this long when at least one event arrived since the last snapshot.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay before retrying after PostgreSQL was unavailable.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
