using System.Text.Json;
using CoCreation.Api.Infrastructure;
using CoCreation.Contest;
using CoCreation.EventStore;

namespace CoCreation.Api.Contest.Leaderboard;

internal sealed partial class LiveContest
{
    /// <summary>
    /// Writes the contest's own events (type name, sequence, time, JSON), every current score and the contest's last
    /// sequence and time (scores move it too). The histories, the state and the aggregates are not written:
    /// <see cref="ReadFrom"/> rebuilds them by the same code that built them.
    /// </summary>
    public void WriteTo(BinaryWriter writer, EventStoreOptions options)
    {
        lock (_lock)
        {
            writer.Write(_events.Count);
            foreach (var (data, asOf) in _events)
            {
                writer.Write(options.Events.NameOf(data.GetType()));
                WriteAsOf(writer, asOf);
                var json = JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), options.Json);
                writer.Write(json.Length);
                writer.Write(json);
            }
            var scores = _scores.All().ToList();
            writer.Write(scores.Count);
            Span<byte> id = stackalloc byte[16];
            foreach (var (entry, rater, score) in scores)
            {
                entry.TryWriteBytes(id);
                writer.Write(id);
                rater.TryWriteBytes(id);
                writer.Write(id);
                writer.Write((byte)score);
            }
            WriteAsOf(writer, _asOf);
        }
    }

    public static LiveContest ReadFrom(BinaryReader reader, EventStoreOptions options)
    {
        LiveContest? contest = null;
        var events = reader.ReadInt32();
        for (var i = 0; i < events; i++)
        {
            var name = reader.ReadString();
            var asOf = ReadAsOf(reader);
            var json = reader.ReadBytes(reader.ReadInt32());
            var type = options.Events.TypeOf(name) ?? throw new InvalidDataException($"The contest snapshot holds an unknown event type '{name}'.");
            var data = JsonSerializer.Deserialize(json, type, options.Json)!;
            if (contest is null) contest = new LiveContest((ContestDefined)data, asOf);
            else contest.Apply(data, asOf);
        }
        if (contest is null) throw new InvalidDataException("The contest snapshot holds a contest without its definition.");

        var scores = reader.ReadInt32();
        for (var i = 0; i < scores; i++)
        {
            var entry = new Guid(reader.ReadBytes(16));
            var rater = new Guid(reader.ReadBytes(16));
            contest._scores.Set(entry, rater, reader.ReadByte());
        }
        contest._asOf = ReadAsOf(reader);
        return contest;
    }

    private static void WriteAsOf(BinaryWriter writer, StatsAsOf asOf)
    {
        writer.Write(asOf.Sequence);
        writer.Write(asOf.Timestamp.UtcTicks);
    }

    private static StatsAsOf ReadAsOf(BinaryReader reader) => new(reader.ReadInt64(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
}
