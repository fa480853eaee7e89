using CoCreation.Api.Pricing.Statistics;

namespace CoCreation.Api.Suggestions.Listing;

public sealed partial class SuggestionBoard
{
    /// <summary>Version 1 of the snapshot format, see <see cref="CreateSnapshot"/>.</summary>
    private const byte SnapshotFormat = 1;

    /// <summary>
    /// Format 1: a format byte, asOf, the questions, then every suggestion in log order with its status, the target
    /// it is merged into and its own upvoters. The reach over merges and the sorted sets are not written:
    /// <see cref="Restore"/> rebuilds them, so they can never disagree with the upvotes. Bump <see cref="Version"/> with it.
    /// </summary>
    public byte[] CreateSnapshot()
    {
        lock (_lock)
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer))
            {
                writer.Write(SnapshotFormat);
                writer.Write(_asOf.Sequence);
                writer.Write(_asOf.Timestamp.UtcTicks);
                writer.Write(_questions.Count);
                foreach (var (campaignId, questionId) in _questions.Keys)
                {
                    writer.Write(campaignId);
                    writer.Write(questionId);
                }
                writer.Write(_entries.Count);
                foreach (var entry in _entries.Values.OrderBy(e => e.Sequence))
                {
                    writer.Write(entry.CampaignId);
                    writer.Write(entry.QuestionId);
                    writer.Write(entry.Id.ToByteArray());
                    writer.Write(entry.Text);
                    writer.Write(entry.CreatedAt.UtcTicks);
                    writer.Write(entry.Sequence);
                    writer.Write(entry.Status);
                    writer.Write(entry.StatusBeforeMerge ?? "");
                    writer.Write((entry.Parent?.Id ?? Guid.Empty).ToByteArray());
                    writer.Write(entry.Upvoters.Count);
                    foreach (var person in entry.Upvoters) writer.Write(person.ToByteArray());
                }
            }
            return buffer.ToArray();
        }
    }

    public void Restore(byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        var format = reader.ReadByte();
        if (format != SnapshotFormat) throw new InvalidDataException($"Unknown suggestion board snapshot format {format}.");
        var asOf = new StatsAsOf(reader.ReadInt64(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
        var questions = new Dictionary<(string, string), QuestionBoard>();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++) questions[(reader.ReadString(), reader.ReadString())] = new QuestionBoard();

        var entries = new Dictionary<(string, Guid), BoardEntry>();
        var parents = new List<(BoardEntry Entry, Guid Parent)>();
        count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var entry = new BoardEntry(reader.ReadString(), reader.ReadString(), new Guid(reader.ReadBytes(16)), reader.ReadString(),
                new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero), reader.ReadInt64())
            {
                Status = reader.ReadString(),
            };
            var before = reader.ReadString();
            entry.StatusBeforeMerge = before.Length == 0 ? null : before;
            var parent = new Guid(reader.ReadBytes(16));
            if (parent != Guid.Empty) parents.Add((entry, parent));
            var upvoters = reader.ReadInt32();
            for (var u = 0; u < upvoters; u++) entry.Upvoters.Add(new Guid(reader.ReadBytes(16)));
            entries[(entry.CampaignId, entry.Id)] = entry;
        }
        foreach (var (entry, parent) in parents)
        {
            var target = entries[(entry.CampaignId, parent)];
            entry.Parent = target;
            target.Children.Add(entry);
        }
        foreach (var entry in entries.Values)
        {
            foreach (var person in entry.Upvoters)
            {
                foreach (var target in entry.SelfAndTargets()) target.Reached(person, 1);
            }
        }
        foreach (var entry in entries.Values)
        {
            if (!questions.TryGetValue((entry.CampaignId, entry.QuestionId), out var board)) questions[(entry.CampaignId, entry.QuestionId)] = board = new QuestionBoard();
            board.Insert(entry);
        }

        lock (_lock)
        {
            (_questions, _entries, _asOf) = (questions, entries, asOf);
        }
    }
}
