using CoCreation.Cli.Infrastructure;

namespace CoCreation.Cli.Schema;

internal sealed record AppliedMigration(int Version, string Description);

/// <summary>The migrations recorded in the schema (none before it exists).</summary>
internal static class Migrations
{
    public static async Task<IReadOnlyList<AppliedMigration>> ReadAsync(Database database, CancellationToken cancellationToken)
    {
        await using (var exists = database.DataSource.CreateCommand("select to_regclass($1) is not null"))
        {
            exists.Parameters.AddWithValue($"{database.Schema}.schema_migrations");
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return [];
        }
        await using var command = database.DataSource.CreateCommand(
            $"select version, description from {database.Schema}.schema_migrations order by version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var migrations = new List<AppliedMigration>();
        while (await reader.ReadAsync(cancellationToken)) migrations.Add(new AppliedMigration(reader.GetInt32(0), reader.GetString(1)));
        return migrations;
    }
}
