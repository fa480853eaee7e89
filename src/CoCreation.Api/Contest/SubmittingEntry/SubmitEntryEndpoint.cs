using System.Security.Cryptography;
using System.Text;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Api.Identity.Guests;
using CoCreation.Api.Infrastructure;
using CoCreation.Contest;
using CoCreation.Contest.Images;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Participants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoCreation.Api.Contest.SubmittingEntry;

/// <summary>A stored entry: its id and status (pending until moderated).</summary>
public sealed record SubmitEntryResponse(Guid EntryId, string Status);

public static class SubmitEntryEndpoint
{
    /// <summary>The image's limit plus room for the title, description and multipart framing.</summary>
    public const long MaxBodyBytes = ImageInspector.MaxBytes + 64 * 1024;

    /// <summary>
    /// POST …/contests/{contestId}/entries (participant), multipart <c>title</c>, <c>description</c>, <c>image</c>, with an
    /// Idempotency-Key: 201 once the image and the entry are committed, 200 with the same answer when the same key and
    /// content come again (the fingerprint is the image's SHA-256, the title and the description).
    /// </summary>
    public static async Task<Results<Created<SubmitEntryResponse>, Ok<SubmitEntryResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, string contestId, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, HttpRequest request,
        Actor actor, ParticipantDirectory participants, ContestImages images, EventStore.EventStore store, ProjectionDaemon daemon,
        CancellationToken cancellationToken)
    {
        if (IdempotencyKeys.Parse(idempotencyKey) is not { } key)
        {
            return IdempotencyKeys.Missing();
        }
        if (!Slug.IsValid(campaignId) || !Slug.IsValid(contestId)) return ContestProblems.NoContest(campaignId, contestId);
        if (!request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["image"] = ["Send the entry as multipart/form-data."] },
                detail: "An entry is sent as multipart/form-data with the fields title, description and image.");
        }

        if (await ReadFormAsync(request, cancellationToken) is not { } form)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["image"] = ["The multipart body is malformed or cut short."] },
                detail: "The request body is not well-formed multipart/form-data.");
        }
        var title = form["title"].ToString().Trim();
        var description = ContestText.Normalize(form["description"].ToString());
        var errors = SubmitEntry.Validate(title, description);
        if (form.Files.GetFile("image") is not { } file)
        {
            errors["image"] = ["An image (PNG, JPEG or WebP) is required."];
            return TypedResults.ValidationProblem(errors, detail: "The entry is not valid; see errors.");
        }
        if (file.Length > ImageInspector.MaxBytes)
        {
            return ContestProblems.TooLarge($"The image is {file.Length:N0} bytes; at most {ImageInspector.MaxBytes:N0} are accepted.");
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, cancellationToken);
        var check = ImageInspector.Inspect(bytes);
        if (check.Image is null) errors["image"] = [check.Problem!];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The entry is not valid; see errors.");
        var image = check.Image!;

        // Before anything is stored (the person's directory row, the image): the contest must exist and take entries.
        var (contest, _) = await ContestStream.LoadAsync(store, campaignId, contestId, cancellationToken);
        if (contest is null) return ContestProblems.NoContest(campaignId, contestId);
        if (SubmitEntry.Closed(contest) is { } closed) return Problems.Conflict(closed);

        if (await GuestAccess.RefuseAsync(actor, store, campaignId, contest.AllowGuests, $"contest '{contestId}'", cancellationToken) is { } refused)
        {
            return refused;
        }

        var participantId = await participants.ResolveAsync(actor, cancellationToken);
        var command = new SubmitEntry(EntryIdOf(participantId, key), participantId, title, description, image);
        var idempotency = new IdempotencyKey($"contest-entry:{participantId:N}:{key:D}",
            Fingerprint($"{campaignId}/{contestId}\n{image.Sha256}\n{title}\n{description}"));
        // A key already used for another entry is refused before its image is stored, so the refusal stores nothing
        // (the append would refuse it too, but only after the image is in). Two racing requests can still leave one.
        if ((await store.ReadFingerprintsAsync([idempotency.Key], cancellationToken)).TryGetValue(idempotency.Key, out var used)
            && used != idempotency.Fingerprint)
        {
            throw new IdempotencyKeyReusedException(idempotency.Key);
        }
        // The image must be durable before an event names it.
        await images.StoreAsync(image, bytes, cancellationToken);

        var decided = await ContestStream.DecideAsync<string?>(store, campaignId, contestId, state =>
        {
            var decision = SubmitEntry.Decide(state!, command);
            return (decision.Conflict, decision.Events);
        }, new Actor(GuestAccess.ActorOf(actor, participantId)), idempotency, cancellationToken);
        if (decided.Outcome is { } conflict) return Problems.Conflict(conflict);

        await ContestWrites.SettleAsync(daemon, decided.Result!.LastSequence, campaignPage: false, cancellationToken);
        var response = new SubmitEntryResponse(command.EntryId, EntryStatus.Pending);
        return decided.Result.Replayed
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/api/campaigns/{campaignId}/contests/{contestId}/entries/{command.EntryId}", response);
    }

    /// <summary>The form, or null when the body is not well-formed multipart (no boundary, cut short, garbage).</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // The multipart reader's "Unexpected end of stream"; a body over the limit (BadHttpRequestException) stays a 413.
            return null;
        }
    }

    /// <summary>
    /// The entry's id follows from who sent it and their key (a name-based UUID), so a replay answers the same id
    /// without a lookup.
    /// </summary>
    internal static Guid EntryIdOf(Guid participantId, Guid key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"contest-entry:{participantId:N}:{key:D}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8: a custom, hash-derived UUID (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
