using CoCreation.Api.Infrastructure;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Voting;

namespace CoCreation.Api.Voting.Results;

internal sealed partial class QuestionResults
{
    /// <summary>
    /// Writes the definition, labels and the ballot map. The tallies are not written: <see cref="ReadFrom"/>
    /// rebuilds them from the ballots, which the snapshot needs anyway, so the two can never disagree.
    /// </summary>
    public void WriteTo(BinaryWriter writer)
    {
        lock (_lock)
        {
            writer.Write(CampaignId);
            writer.Write(QuestionId);
            writer.Write(_shape.Kind);
            writer.Write(_shape.MaxChoices ?? 0);
            writer.Write(_shape.Budget ?? 0);
            writer.Write(_shape.Options.Count);
            foreach (var option in _shape.Options)
            {
                writer.Write(option.Id);
                writer.Write(option.Label);
            }
            writer.Write(_asOf.Sequence);
            writer.Write(_asOf.Timestamp.UtcTicks);
            _channels.WriteTo(writer);
            _regions.WriteTo(writer);

            writer.Write(_ballots.Count);
            Span<byte> id = stackalloc byte[16];
            foreach (var (participant, ballot) in _ballots)
            {
                participant.TryWriteBytes(id);
                writer.Write(id);
                writer.Write7BitEncodedInt(ballot.Channel);
                writer.Write7BitEncodedInt(ballot.Region + 1);
                writer.Write7BitEncodedInt(ballot.Marks.Length);
                foreach (var mark in ballot.Marks)
                {
                    writer.Write7BitEncodedInt(mark.Option);
                    writer.Write7BitEncodedInt(mark.Value);
                }
            }
        }
    }

    public static QuestionResults ReadFrom(BinaryReader reader)
    {
        var campaignId = reader.ReadString();
        var questionId = reader.ReadString();
        var kind = reader.ReadString();
        var maxChoices = reader.ReadInt32();
        var budget = reader.ReadInt32();
        var options = new QuestionOption[reader.ReadInt32()];
        for (var i = 0; i < options.Length; i++) options[i] = new QuestionOption(reader.ReadString(), reader.ReadString());
        var asOf = new StatsAsOf(reader.ReadInt64(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
        var shape = new BallotShape(kind, options, maxChoices == 0 ? null : maxChoices, budget == 0 ? null : budget);
        var question = new QuestionResults(campaignId, questionId, shape, asOf);
        question._channels.ReadFrom(reader);
        question._regions.ReadFrom(reader);

        var ballots = reader.ReadInt32();
        question._ballots.EnsureCapacity(ballots);
        for (var i = 0; i < ballots; i++)
        {
            var participant = new Guid(reader.ReadBytes(16));
            var channel = reader.Read7BitEncodedInt();
            var region = reader.Read7BitEncodedInt() - 1;
            var marks = new TallyMark[reader.Read7BitEncodedInt()];
            for (var m = 0; m < marks.Length; m++) marks[m] = new TallyMark(reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt());
            var ballot = new CurrentBallot(marks, channel, region);
            question._ballots.Add(participant, ballot);
            question.Count(ballot, add: true);
        }
        return question;
    }
}
