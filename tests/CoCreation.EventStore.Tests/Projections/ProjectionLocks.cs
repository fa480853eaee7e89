namespace CoCreation.EventStore.Tests.Projections;

/// <summary>Simulates a leader's death: PostgreSQL ends the session that holds a projection's advisory lock.</summary>
internal static class ProjectionLocks
{
    public static async Task TerminateHolderAsync(EventStore store, string projection)
    {
        var key = AdvisoryLocks.KeyFor(store.Schema, "projection:" + projection);
        await using var command = store.DataSource.CreateCommand(
            """
            select pg_terminate_backend(pid) from pg_locks
            where locktype = 'advisory' and granted and classid = $1 and objid = $2 and objsubid = 1
            """);
        command.Parameters.AddWithValue((long)(uint)(key >> 32));
        command.Parameters.AddWithValue((long)(uint)key);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }
}
