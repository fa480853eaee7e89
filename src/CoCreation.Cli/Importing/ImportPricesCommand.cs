using System.CommandLine;
using System.Diagnostics;
using CoCreation.Cli.Infrastructure;
using CoCreation.Campaigns;
using CoCreation.EventStore;
using CoCreation.Participants;
using CoCreation.Pricing;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace CoCreation.Cli.Importing;

/// <summary>
/// <c>import prices</c>: a CSV of millions of price answers into one item, through binary COPY, one transaction per
/// chunk. Memory stays constant whatever the file's size: the file is streamed record by record, only the current
/// chunk of valid rows is held, errors go to their file as they are found, and the participant cache is bounded.
/// Safe to re-run: each row is keyed as the API keys it, so rows already stored are skipped.
/// </summary>
internal static class ImportPricesCommand
{
    public const int DefaultChunk = 50_000;
    public const int MaxChunk = 1_000_000;

    private const int ReportEveryRows = 5_000;

    public static Command Create(CliContext context, StoreOptions store)
    {
        var campaign = new Option<string>("--campaign") { Description = "The campaign's id", Required = true, HelpName = "id" };
        var item = new Option<string>("--item") { Description = "The pricing item's id", Required = true, HelpName = "id" };
        var file = new Argument<string>("file")
        {
            Description = $"The CSV (UTF-8, header row): {string.Join(",", PriceCsv.Columns)}; names in any case, " +
                "the other mode's columns may be left out",
        };
        var chunk = new Option<int>("--chunk")
        {
            Description = "Valid rows per transaction", HelpName = "rows", DefaultValueFactory = _ => DefaultChunk,
        };
        chunk.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > MaxChunk) r.AddError($"--chunk must be 1 to {MaxChunk:N0}.");
        });
        var errors = new Option<string>("--errors")
        {
            Description = "Where to write the rows that were not imported (line,column,message); default: <file>.errors.csv", HelpName = "file",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and write the errors file, store nothing" };

        var command = new Command("prices",
            "Imports price answers into an item, each stored exactly as the API stores a submission (same person, key and " +
            "answer: never counted twice). The round need not be open. Ctrl-C stops after the current chunk; run again to go on.")
        {
            campaign, item, file, chunk, errors, dryRun,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new ImportOptions(
                result.GetRequiredValue(campaign), result.GetRequiredValue(item), result.GetRequiredValue(file),
                result.GetValue(chunk), result.GetValue(errors), result.GetValue(dryRun));
            await using var database = store.Open(result, context.Configuration);
            return await RunAsync(context, database, options, cancellationToken);
        });
        return command;
    }

    private sealed record ImportOptions(string Campaign, string Item, string File, int Chunk, string? Errors, bool DryRun)
    {
        public string ErrorsPath => Errors ?? Path.ChangeExtension(File, ".errors.csv");
    }

    private static async Task<int> RunAsync(CliContext context, Database database, ImportOptions options, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(options.Campaign) || !Slug.IsValid(options.Item))
        {
            throw new CliException(ExitCodes.Usage, $"--campaign and --item {Slug.Rule}.");
        }
        if (!File.Exists(options.File)) throw new CliException(ExitCodes.Usage, $"There is no file {options.File}.");
        if (string.Equals(Path.GetFullPath(options.File), Path.GetFullPath(options.ErrorsPath), StringComparison.Ordinal))
        {
            throw new CliException(ExitCodes.Usage, "--errors names the input file; choose another path.");
        }

        var item = await LoadItemAsync(database, options, cancellationToken);
        var console = context.Console;
        console.WriteLine(
            $"{(options.DryRun ? "Checking" : "Importing")} {options.File} into {item.CampaignId}/{item.ItemId} ({item.Mode}, {item.Min}..{item.Max} " +
            $"step {item.Step} {item.Currency}), {options.Chunk:N0} rows per transaction.");

        await using var csv = await PriceCsv.OpenAsync(options.File, item, cancellationToken);
        if (csv.IgnoredColumns.Count > 0) console.WriteLine($"Ignoring the columns {string.Join(", ", csv.IgnoredColumns)}.");
        await using var errors = ImportErrors.Create(options.ErrorsPath);

        PriceImport? import = null;
        if (!options.DryRun)
        {
            await ParticipantsTable.EnsureAsync(database.DataSource, database.Schema, cancellationToken);
            var participants = new ParticipantDirectory(database.DataSource, Options.Create(database.Store.Options), TimeProvider.System);
            import = new PriceImport(database.Store, participants, item, $"cli:{Environment.UserName}");
        }

        var counts = new ImportCounts();
        var stopwatch = Stopwatch.StartNew();
        bool stopped;
        try
        {
            stopped = await ImportWithProgressAsync(console, csv, import, errors, options, counts, stopwatch, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or EventStoreUnavailableException)
        {
            WriteSummary(console, counts, stopwatch.Elapsed, options.DryRun, errors);
            console.WriteLine(
                $"The database failed while importing; the chunks up to line {counts.CommittedLine:N0} are committed, nothing after it " +
                "is stored. Run the same command again to go on.");
            throw;
        }

        WriteSummary(console, counts, stopwatch.Elapsed, options.DryRun, errors);
        if (stopped)
        {
            console.WriteLine(
                $"Stopped after line {counts.CommittedLine:N0}: the chunks up to it are committed. Run the same command again to go on; " +
                "the rows already imported are skipped.");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Ok;
    }

    private static async Task<bool> ImportWithProgressAsync(
        IAnsiConsole console, PriceCsv csv, PriceImport? import, ImportErrors errors, ImportOptions options, ImportCounts counts, Stopwatch stopwatch,
        CancellationToken cancellationToken)
    {
        bool stopped;
        if (console.Profile.Capabilities.Interactive)
        {
            stopped = await console.Progress()
                .AutoClear(false)
                // The counts last, so that a narrow terminal wraps them rather than squeezing the bar away.
                .Columns(new ProgressBarColumn { Width = 30 }, new PercentageColumn(), new ElapsedTimeColumn(),
                    new TaskDescriptionColumn { Alignment = Justify.Left })
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Reading", maxValue: Math.Max(csv.Length, 1));
                    return await ImportAsync(csv, import, errors, options.Chunk, counts, _ =>
                    {
                        task.Value = Math.Min(csv.Position, task.MaxValue);
                        task.Description = Markup.Escape(counts.Describe(stopwatch.Elapsed, options.DryRun));
                    }, cancellationToken);
                });
        }
        else
        {
            // Redirected (a log, CI): one plain line per chunk instead of a redrawn bar.
            stopped = await ImportAsync(csv, import, errors, options.Chunk, counts, chunkDone =>
            {
                if (chunkDone) console.WriteLine(counts.Describe(stopwatch.Elapsed, options.DryRun));
            }, cancellationToken);
        }
        return stopped;
    }

    private static async Task<PricingItem> LoadItemAsync(Database database, ImportOptions options, CancellationToken cancellationToken)
    {
        var events = await database.Store.ReadStreamAsync(PricingItem.StreamId(options.Campaign, options.Item), cancellationToken: cancellationToken);
        if (PricingItem.Fold(events.Select(e => e.Data)) is { } item) return item;
        var campaignExists = await database.Store.ReadStreamVersionAsync(Campaign.StreamId(options.Campaign), cancellationToken) is not null;
        throw new CliException(ExitCodes.Failed, campaignExists
            ? $"The campaign {options.Campaign} has no pricing item {options.Item} (schema {database.Schema}); define it first " +
              $"(PUT /api/campaigns/{options.Campaign}/pricing/{options.Item}). Nothing was imported."
            : $"There is no campaign {options.Campaign} (schema {database.Schema}). Nothing was imported.");
    }

    /// <summary>
    /// Reads, checks and stores the file chunk by chunk; true when Ctrl-C stopped it early. <paramref name="report"/> is
    /// called every <see cref="ReportEveryRows"/> rows read (false) and after each chunk is committed (true).
    /// </summary>
    private static async Task<bool> ImportAsync(
        PriceCsv csv, PriceImport? import, ImportErrors errors, int chunkSize, ImportCounts counts, Action<bool> report, CancellationToken cancellationToken)
    {
        var chunk = new List<PriceRow>(chunkSize);
        // Pipelined: while one chunk is written, the next is read and checked and its OneIDs resolved; it is written
        // once the one before it committed, so the chunks commit in file order.
        Task<ChunkOutcome>? writing = null;
        // Reading and writing ignore Ctrl-C, which is only looked at between chunks: a chunk once begun is committed
        // whole, so an interrupted import leaves nothing half-done to think about (a rollback would be safe too).
        await foreach (var row in csv.ReadAsync(CancellationToken.None))
        {
            counts.Read++;
            if (counts.Read % ReportEveryRows == 0) report(false);
            if (row.Row is null)
            {
                counts.Invalid++;
                errors.Add(row.Errors);
                continue;
            }
            chunk.Add(row.Row);
            if (chunk.Count < chunkSize) continue;
            (writing, var stopped) = await StartChunkAsync(import, errors, chunk, writing, counts, report, cancellationToken);
            chunk = new List<PriceRow>(chunkSize);
            if (stopped) return true;
        }
        (writing, _) = await StartChunkAsync(import, errors, chunk, writing, counts, report, CancellationToken.None);
        await FinishChunkAsync(writing, errors, counts, report);
        return false;
    }

    /// <summary>
    /// Prepares <paramref name="chunk"/> while <paramref name="previous"/> is written, then starts writing it, unless
    /// Ctrl-C came by the time the previous one committed: then the import stops there (Stopped).
    /// </summary>
    private static async Task<(Task<ChunkOutcome>? Writing, bool Stopped)> StartChunkAsync(
        PriceImport? import, ImportErrors errors, List<PriceRow> chunk, Task<ChunkOutcome>? previous, ImportCounts counts, Action<bool> report,
        CancellationToken stop)
    {
        if (import is null)
        {
            counts.Valid += chunk.Count;
            if (chunk.Count > 0) counts.CommittedLine = chunk[^1].Line;
            await errors.FlushAsync(CancellationToken.None);
            report(true);
            return (null, stop.IsCancellationRequested);
        }
        var prepared = import.PrepareAsync(chunk, CancellationToken.None);
        try
        {
            await FinishChunkAsync(previous, errors, counts, report);
        }
        catch
        {
            // The import stops on the previous chunk's failure; this one's resolution must not fail unobserved.
            await prepared.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        // A stopped import leaves this chunk's people in the directory and nothing in the log, as a failed chunk does.
        if (stop.IsCancellationRequested)
        {
            await prepared;
            return (null, true);
        }
        if (chunk.Count > 0) counts.WritingUpTo = chunk[^1].Line;
        return (import.WriteAsync(await prepared, CancellationToken.None), false);
    }

    private static async Task FinishChunkAsync(Task<ChunkOutcome>? writing, ImportErrors errors, ImportCounts counts, Action<bool> report)
    {
        if (writing is null) return;
        var outcome = await writing;
        counts.CommittedLine = counts.WritingUpTo;
        counts.Stored += outcome.Stored;
        counts.AlreadyImported += outcome.AlreadyImported;
        counts.KeyReused += outcome.KeyReused.Count;
        foreach (var error in outcome.KeyReused) errors.Add([error]);
        await errors.FlushAsync(CancellationToken.None);
        report(true);
    }

    private static void WriteSummary(IAnsiConsole console, ImportCounts counts, TimeSpan elapsed, bool dryRun, ImportErrors errors)
    {
        var table = new Table().AddColumn("").AddColumn(new TableColumn("rows").RightAligned());
        table.AddRow("read", $"{counts.Read:N0}");
        if (dryRun)
        {
            table.AddRow("valid (not stored: dry run)", $"{counts.Valid:N0}");
        }
        else
        {
            table.AddRow("stored", $"{counts.Stored:N0}");
            table.AddRow("already imported (skipped)", $"{counts.AlreadyImported:N0}");
        }
        table.AddRow("invalid", $"{counts.Invalid:N0}");
        if (!dryRun) table.AddRow("key reused with another answer", $"{counts.KeyReused:N0}");
        table.AddRow("elapsed", $"{elapsed:hh\\:mm\\:ss\\.f}");
        table.AddRow("rows/s", $"{counts.Read / Math.Max(elapsed.TotalSeconds, 0.001):N0}");
        console.Write(table);

        if (errors.Rows == 0) return;
        console.WriteLine($"{errors.Rows:N0} rows were not imported; every error is in {errors.Path}.");
        foreach (var error in errors.First) console.WriteLine($"  line {error.Line}, {error.Column}: {error.Message}");
        if (errors.Rows > errors.First.Count) console.WriteLine("  …");
    }

    private sealed class ImportCounts
    {
        public long Read { get; set; }
        public long Valid { get; set; }
        public long Stored { get; set; }
        public long AlreadyImported { get; set; }
        public long Invalid { get; set; }
        public long KeyReused { get; set; }
        public long WritingUpTo { get; set; }
        public long CommittedLine { get; set; }

        public string Describe(TimeSpan elapsed, bool dryRun)
        {
            var rate = Read / Math.Max(elapsed.TotalSeconds, 0.001);
            return dryRun
                ? $"{Read:N0} rows read, {rate:N0}/s: {Valid:N0} valid, {Invalid:N0} invalid"
                : $"{Read:N0} rows read, {rate:N0}/s: {Stored:N0} stored, {AlreadyImported:N0} skipped, {Invalid + KeyReused:N0} invalid";
        }
    }
}
