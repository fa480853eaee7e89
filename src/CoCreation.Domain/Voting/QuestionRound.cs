namespace CoCreation.Voting;

/// <summary>Hosts and admins opening and closing a question's round by hand; repeating either changes nothing.</summary>
public static class QuestionRound
{
    public static IReadOnlyList<object> Open(Question question, string actor)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.OpenedByHost ? [] : [new QuestionRoundOpened(question.CampaignId, question.QuestionId, actor)];
    }

    public static IReadOnlyList<object> Close(Question question, string actor)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.ClosedByHost ? [] : [new QuestionRoundClosed(question.CampaignId, question.QuestionId, actor)];
    }
}
