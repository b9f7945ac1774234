using CallResponse.ServiceDefaults.Auth;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Intake.Calls.ReadingCalls;

/// <summary>
/// The resident's contact in full, for those who call back (the grid worker and the community's
/// dispatcher over the call's place): every read is recorded in the call's stream (who and when,
/// never what). And erasure on request (PIPL): the contact document is deleted, a record that it was
/// erased stays; no event ever held it, so the history stays whole.
/// </summary>
public static class ResidentContactAccess
{
    public static IEndpointRouteBuilder MapResidentContact(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/calls/{id:guid}/contact", ReadAsync)
            .WithName("ReadResidentContact")
            .WithTags("Calls")
            .WithSummary("The resident's contact in full, to call back. "
                + "Grid workers and community dispatchers over the call's place; every read is audited.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.GridWorker, Roles.CommunityDispatcher));
        endpoints.MapDelete("/api/calls/{id:guid}/contact", EraseAsync)
            .WithName("EraseResidentContact")
            .WithTags("Calls")
            .WithSummary("Erase the resident's contact on request (PIPL). Supervisors over the call's place, admins. "
                + "Send the reason in the 'reason' query parameter.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.Admin));
        return endpoints;
    }

    private static async Task<Results<Ok<ResidentContactView>, ProblemHttpResult>> ReadAsync(
        Guid id, IDocumentSession session, HttpContext context, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = Actor.From(context.User);
        var call = await GetCall.VisibleCallAsync(id, session, actor, cancellationToken);
        if (call is null)
        {
            return GetCall.NotFound(id);
        }

        var contact = call.HasResidentContact ? await session.LoadAsync<ResidentContact>(id, cancellationToken) : null;
        if (contact is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No contact is kept for this call.",
                detail: "None was given, or it was erased.");
        }

        session.Events.Append(id, new ContactRead(id, actor.ToString(), clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ResidentContactView(contact.Name, contact.Phone, contact.Address));
    }

    private static async Task<
        Results<NoContent, ProblemHttpResult, Microsoft.AspNetCore.Http.HttpResults.ValidationProblem>> EraseAsync(
        Guid id,
        string? reason,
        IDocumentSession session,
        HttpContext context,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = ["Why the contact is erased (1 to 500 characters), e.g. the resident's request."]
            });
        }

        var actor = Actor.From(context.User);
        var call = await GetCall.VisibleCallAsync(id, session, actor, cancellationToken);
        if (call is null)
        {
            return GetCall.NotFound(id);
        }

        if (call.HasResidentContact)
        {
            session.Delete<ResidentContact>(id);
            session.Events.Append(id, new ContactErased(id, actor.ToString(), reason.Trim(), clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
