using Npgsql;

namespace CoCreation.EventStore;

/// <summary>
/// Creates and upgrades the store's tables inside its schema. Safe to run from many nodes at once:
/// migrations are numbered, recorded, and applied under a transaction-scoped advisory lock.
/// </summary>
public static class EventStoreSchema
{
    /// <summary>Applies every migration the schema lacks; a no-op when it is current.</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        SchemaName.Validate(schema);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLocks.KeyFor(schema, "schema-migration"));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var bootstrap = new NpgsqlCommand(
            $"""
            create schema if not exists {schema};
            create table if not exists {schema}.schema_migrations (
                version int primary key,
                description text not null,
                applied timestamptz not null default now());
            """, connection, transaction))
        {
            await bootstrap.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var query = new NpgsqlCommand($"select version from {schema}.schema_migrations", connection, transaction))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
        }

        foreach (var migration in Migrations.All.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await using var command = new NpgsqlCommand(migration.Sql(schema), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await using var record = new NpgsqlCommand(
                $"insert into {schema}.schema_migrations(version, description) values (@v, @d)", connection, transaction);
            record.Parameters.AddWithValue("v", migration.Version);
            record.Parameters.AddWithValue("d", migration.Description);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Drops the schema and everything in it (tests and demo resets only).</summary>
    public static async Task DropAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        SchemaName.Validate(schema);
        await using var command = dataSource.CreateCommand($"drop schema if exists {schema} cascade");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

internal sealed record Migration(int Version, string Description, Func<string, string> Sql);

internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "streams, events, idempotency keys", s => $"""
            create table {s}.streams (
                id text primary key,
                type text,
                version bigint not null default 0,
                created timestamptz not null default now(),
                updated timestamptz not null default now(),
                is_archived boolean not null default false);

            create sequence {s}.events_seq as bigint;

            -- tx_id records the writing transaction; the feed uses it to prove that a gap in seq_id
            -- can no longer be filled (see Reading/EventFeed.cs).
            create table {s}.events (
                seq_id bigint primary key,
                id uuid not null,
                stream_id text not null references {s}.streams(id),
                version bigint not null,
                type text not null,
                data jsonb not null,
                timestamp timestamptz not null,
                tx_id xid8 not null default pg_current_xact_id(),
                correlation_id uuid,
                causation_id uuid,
                actor text,
                constraint events_stream_version unique (stream_id, version));

            create table {s}.idempotency_keys (
                key text primary key,
                fingerprint text not null,
                stream_id text,
                stream_version bigint,
                first_seq bigint,
                last_seq bigint,
                first_event_id uuid,
                created timestamptz not null default now());
            """),
        new(2, "projection progression, dead letters, documents, snapshots", s => $"""
            create table {s}.progression (
                name text primary key,
                last_seq_id bigint not null default 0,
                last_updated timestamptz not null default now(),
                generation int not null default 0,
                rebuild_requested boolean not null default false);

            create table {s}.dead_letters (
                id bigserial primary key,
                projection text not null,
                seq_id bigint not null,
                event_id uuid not null,
                event_type text not null,
                error text not null,
                at timestamptz not null default now());

            create table {s}.documents (
                type text not null,
                id text not null,
                projection text not null,
                data jsonb not null,
                seq_id bigint not null,
                updated timestamptz not null default now(),
                primary key (type, id));
            create index documents_projection on {s}.documents (projection);

            create table {s}.snapshots (
                name text primary key,
                seq_id bigint not null,
                generation int not null,
                version text not null,
                data bytea not null,
                taken timestamptz not null default now());
            """),
        // Every write path creates and locks the stream row in the event's own transaction, so the
        // foreign key only added a per-row integrity trigger (a lookup and a row lock per event) to
        // every insert and COPY. The unique (stream_id, version) index stays the concurrency guard.
        new(3, "drop the per-row foreign key from events to streams", s => $"""
            alter table {s}.events drop constraint if exists events_stream_id_fkey;
            """),
        // A live projection's snapshot is rewritten whole every few tens of thousands of events (37 MB for the D90
        // statistics); compressing it in TOAST cost more CPU than its disk is worth, so it is stored out of line as is.
        new(4, "store snapshots uncompressed", s => $"""
            alter table {s}.snapshots alter column data set storage external;
            """),
    ];
}

internal static class SchemaName
{
    public static void Validate(string schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > 63 || !(char.IsAsciiLetterLower(schema[0]) || schema[0] == '_')
            || !schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{schema}' is not a valid schema name: use lower-case letters, digits and underscores.", nameof(schema));
        }
    }
}

/// <summary>Stable 64-bit advisory-lock keys derived from the schema and a purpose.</summary>
public static class AdvisoryLocks
{
    /// <summary>The key for <paramref name="purpose"/> within <paramref name="schema"/> (FNV-1a, stable across processes).</summary>
    public static long KeyFor(string schema, string purpose)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(purpose);
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        foreach (var c in schema + "/" + purpose)
        {
            hash ^= c;
            hash *= prime;
        }
        return unchecked((long)hash);
    }
}
