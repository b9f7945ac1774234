using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// A resource's ETag is its stream version (<c>"7"</c>). Commands carry it back in <c>If-Match</c>,
/// so a client acting on a stale page gets 412 instead of overwriting what it has not seen.
/// </summary>
public static class ETags
{
    public static string Of(long version) => $"\"{version}\"";

    /// <summary>
    /// The version named by <c>If-Match</c>, or the problem to answer: 428 when it is missing, 400 when malformed.
    /// </summary>
    public static (long? Version, ProblemHttpResult? Problem) ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status428PreconditionRequired,
                title: "If-Match is required.",
                detail: "Send the ETag from GET on this resource in If-Match, "
                    + "so that a change you have not seen is not overwritten."));
        }

        return long.TryParse(header.Trim().Trim('"'), out var version)
            ? (version, null)
            : (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "If-Match is not an ETag of this API.",
                detail: $"'{header}' is not of the form \"7\"."));
    }

    public static ProblemHttpResult Stale(long expected, long actual) => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The resource has changed since you read it.",
        detail: $"If-Match named version {expected}, but it is at version {actual} now. "
            + $"Read it again and decide anew.");
}
