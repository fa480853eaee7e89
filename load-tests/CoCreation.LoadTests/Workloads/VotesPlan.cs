using System.Globalization;
using System.Text;
using CoCreation.OneId;

namespace CoCreation.LoadTests.Workloads;

/// <summary>One of the definition points voted on: its kind and, for multi and points, its limit.</summary>
internal sealed record PlannedQuestion(string Id, string Kind, int? MaxChoices, int? Budget);

/// <summary>
/// One planned request of the votes scenario: a ballot (<see cref="Question"/> ≥ 0, with the value it gives each
/// option) or a suggestion (<see cref="Question"/> is the question it is written under, <see cref="Values"/> null).
/// </summary>
/// <param name="Values">Per option a..e: 1 or 0 for a choice, the score 1..5, or the points (0 for none).</param>
/// <param name="Revision">A second ballot on the same question, sent after every first ballot: it replaces the first.</param>
internal sealed record PlannedVote(int Voter, int Question, int[]? Values, bool Revision, Guid Key, int DwellMs, string Body)
{
    public bool IsBallot => Values is not null;
}

/// <summary>
/// D90's product definition as a plan: 31,125 voters, each voting on all 18 definition points (single, multiple choice,
/// score, points, in turn), one in seven changing one ballot afterwards, and nearly everyone leaving a suggestion
/// (D90 drew 30,000 of them). Options are favoured unequally, and differently on every point, so results differ
/// from question to question. The first ballots and the suggestions come in a shuffled order, the revisions after them.
/// Deterministic for a seed, like <see cref="D90Burst"/>.
/// </summary>
internal sealed class VotesPlan
{
    public const int FullVoters = 31_125;
    public const int Points = 18;
    public static readonly string[] Options = ["a", "b", "c", "d", "e"];
    private static readonly string[] Kinds = ["single", "multi", "score", "points"];

    public VotesPlan(int voters, int seed = 31)
    {
        Voters = voters;
        Questions = [.. Enumerable.Range(0, Points).Select(q => Kinds[q % Kinds.Length] switch
        {
            "multi" => new PlannedQuestion($"point-{q + 1}", "multi", 3, null),
            "points" => new PlannedQuestion($"point-{q + 1}", "points", null, 100),
            var kind => new PlannedQuestion($"point-{q + 1}", kind, null, null),
        })];
        var random = new Random(seed);
        var keys = 0;
        Guid NextKey() => Keys.For(0x564F_5445_5300_0000L + seed, keys++);

        var first = new List<PlannedVote>(voters * (Points + 1));
        var revisions = new List<PlannedVote>();
        for (var voter = 0; voter < voters; voter++)
        {
            for (var q = 0; q < Points; q++) first.Add(Ballot(voter, q, revision: false, random, NextKey()));
            if (random.NextDouble() < 0.96) first.Add(Suggestion(voter, random.Next(Points), random, NextKey()));
            if (random.NextDouble() < 1.0 / 7) revisions.Add(Ballot(voter, random.Next(Points), revision: true, random, NextKey()));
        }
        // Fisher–Yates: the audience votes on the points in no particular order.
        for (var i = first.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (first[i], first[j]) = (first[j], first[i]);
        }
        FirstRound = first;
        Revisions = revisions;
    }

    public int Voters { get; }

    public IReadOnlyList<PlannedQuestion> Questions { get; }

    /// <summary>Every first ballot and every suggestion, shuffled.</summary>
    public IReadOnlyList<PlannedVote> FirstRound { get; }

    /// <summary>The changed ballots, sent once the first round is done.</summary>
    public IReadOnlyList<PlannedVote> Revisions { get; }

    public int Requests => FirstRound.Count + Revisions.Count;

    public static VotesPlan Scaled(double scale) => new(Math.Max(200, (int)(FullVoters * scale)));

    /// <summary>The voter's channel, as the D90 burst spreads people over channels.</summary>
    public static int ChannelOf(int voter) => (int)((uint)(voter * 0x9E3779B1u) % (uint)Channels.All.Count);

    /// <summary>How much option <paramref name="option"/> appeals on question <paramref name="question"/>: 1, 1/2, 1/3 … rotated per question.</summary>
    private static double Appeal(int question, int option) => 1.0 / (1 + (option + question * 2) % Options.Length);

    private PlannedVote Ballot(int voter, int q, bool revision, Random random, Guid key)
    {
        var question = Questions[q];
        var values = new int[Options.Length];
        switch (question.Kind)
        {
            case "single":
                values[Pick(q, random, values)] = 1;
                break;
            case "multi":
                for (var n = 1 + random.Next(question.MaxChoices!.Value); n > 0; n--) values[Pick(q, random, values)] = 1;
                break;
            case "score":
                // Everyone scores every option, higher where it appeals more.
                for (var o = 0; o < values.Length; o++) values[o] = Math.Clamp((int)Math.Round(1 + 4 * Appeal(q, o) * (0.4 + 0.6 * random.NextDouble())), 1, 5);
                break;
            default:
                // The budget over one to three options, all of it or most of it.
                var chosen = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(q, random, values)).Distinct().ToArray();
                Array.Clear(values);
                var left = question.Budget!.Value - random.Next(0, 2) * 10;
                for (var i = 0; i < chosen.Length; i++)
                {
                    var share = i == chosen.Length - 1 ? left : random.Next(1, left - (chosen.Length - 1 - i) + 1);
                    values[chosen[i]] = share;
                    left -= share;
                }
                break;
        }
        var dwell = D90Burst.DwellMs(random);
        return new PlannedVote(voter, q, values, revision, key, dwell, BallotBody(question.Kind, values, dwell));
    }

    /// <summary>An option by appeal, among those not yet marked (marking it so for multi's next pick).</summary>
    private static int Pick(int question, Random random, int[] marked)
    {
        var open = Enumerable.Range(0, Options.Length).Where(o => marked[o] == 0).ToArray();
        var total = open.Sum(o => Appeal(question, o));
        var u = random.NextDouble() * total;
        foreach (var o in open)
        {
            u -= Appeal(question, o);
            if (u <= 0)
            {
                marked[o] = marked[o] == 0 ? 1 : marked[o];
                return o;
            }
        }
        marked[open[^1]] = 1;
        return open[^1];
    }

    private static PlannedVote Suggestion(int voter, int q, Random random, Guid key)
    {
        string[] ideas = ["第三排座椅可以放平", "希望有全景天窗", "底盘再高一点", "中控屏幕大一些", "加一个冰箱", "座椅通风"];
        var text = $"建议 suggestion {voter}: {ideas[random.Next(ideas.Length)]}";
        return new PlannedVote(voter, q, null, false, key, 0, $$"""{"text": "{{text}}"}""");
    }

    private static string BallotBody(string kind, int[] values, int dwell)
    {
        var body = new StringBuilder();
        switch (kind)
        {
            case "single" or "multi":
                body.Append("{\"choices\": [").AppendJoin(", ", Enumerable.Range(0, values.Length).Where(o => values[o] > 0).Select(o => $"\"{Options[o]}\"")).Append(']');
                break;
            default:
                body.Append(kind == "score" ? "{\"scores\": {" : "{\"allocation\": {")
                    .AppendJoin(", ", Enumerable.Range(0, values.Length).Where(o => values[o] > 0).Select(o => string.Create(CultureInfo.InvariantCulture, $"\"{Options[o]}\": {values[o]}")))
                    .Append('}');
                break;
        }
        return body.Append(CultureInfo.InvariantCulture, $", \"dwellMs\": {dwell}}}").ToString();
    }
}
