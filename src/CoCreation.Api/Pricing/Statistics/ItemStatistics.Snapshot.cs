using CoCreation.Api.Infrastructure;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

internal sealed partial class ItemStatistics
{
    /// <summary>
    /// Writes the item's settings, labels, per-cut submission counters and the person map. The counts are not
    /// written: <see cref="ReadFrom"/> rebuilds them from the person map, which the snapshot needs anyway, so
    /// the two can never disagree.
    /// </summary>
    public void WriteTo(BinaryWriter writer)
    {
        lock (_lock)
        {
            writer.Write(CampaignId);
            writer.Write(ItemId);
            writer.Write(_settings.Currency);
            writer.Write(_settings.Mode);
            writer.Write(_settings.Grid.Min);
            writer.Write(_settings.Grid.Max);
            writer.Write(_settings.Grid.Step);
            writer.Write(_asOf.Sequence);
            writer.Write(_asOf.Timestamp.UtcTicks);
            _channels.WriteTo(writer);
            _regions.WriteTo(writer);

            writer.Write(_cuts.Count);
            foreach (var (key, cut) in _cuts)
            {
                writer.Write(key.Channel);
                writer.Write(key.Region);
                writer.Write(cut.Submissions);
            }

            writer.Write(_answers.Count);
            Span<byte> id = stackalloc byte[16];
            foreach (var (participant, answer) in _answers)
            {
                participant.TryWriteBytes(id);
                writer.Write(id);
                writer.Write7BitEncodedInt(answer.First);
                writer.Write7BitEncodedInt(answer.Second + 1);
                writer.Write7BitEncodedInt(answer.Third + 1);
                writer.Write7BitEncodedInt(answer.Fourth + 1);
                writer.Write(answer.LikelihoodAtCheap);
                writer.Write(answer.LikelihoodAtExpensive);
                writer.Write7BitEncodedInt(answer.Channel);
                writer.Write7BitEncodedInt(answer.Region + 1);
            }
        }
    }

    public static ItemStatistics ReadFrom(BinaryReader reader)
    {
        var campaignId = reader.ReadString();
        var itemId = reader.ReadString();
        var currency = reader.ReadString();
        var mode = reader.ReadString();
        var grid = new PriceGrid(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
        var asOf = new StatsAsOf(reader.ReadInt64(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
        var item = new ItemStatistics(campaignId, itemId, new ItemSettings(currency, grid, mode), asOf);
        item._channels.ReadFrom(reader);
        item._regions.ReadFrom(reader);

        var cuts = reader.ReadInt32();
        for (var i = 0; i < cuts; i++)
        {
            var key = new CutKey(reader.ReadInt32(), reader.ReadInt32());
            item.CutAt(key).Submissions = reader.ReadInt64();
        }

        var answers = reader.ReadInt32();
        item._answers.EnsureCapacity(answers);
        for (var i = 0; i < answers; i++)
        {
            var participant = new Guid(reader.ReadBytes(16));
            var answer = new CurrentAnswer(
                reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt() - 1, reader.Read7BitEncodedInt() - 1, reader.Read7BitEncodedInt() - 1,
                reader.ReadByte(), reader.ReadByte(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt() - 1);
            item._answers.Add(participant, answer);
            item.Count(answer, +1);
        }
        return item;
    }
}
