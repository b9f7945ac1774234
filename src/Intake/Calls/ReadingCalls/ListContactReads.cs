using System.Globalization;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;

namespace CallResponse.Intake.Calls.ReadingCalls;

/// <summary>
/// <c>GET /api/audit/contact-reads</c>: who read which resident's contact in full, and when (the
/// <see cref="ContactRead"/> events of the calls' streams), newest first, a page at a time, for supervisors
/// over the calls' places and admins (PIPL: the one who keeps personal data must be able to show its use).
/// </summary>
public static class ListContactReads
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The filters; every one optional, all combined with AND.</summary>
    /// <param name="CallId">Reads of this call's contact (the call's id is its case's).</param>
    /// <param name="Reader">Reads by this user (the token's <c>sub</c>).</param>
    /// <param name="From">Reads at or after this time.</param>
    /// <param name="To">Reads before this time.</param>
    /// <param name="Cursor">The previous page's <c>nextCursor</c>.</param>
    /// <param name="Limit">Reads a page, 1 to 200 (default 50).</param>
    public sealed record ReadFilter(
        Guid? CallId, string? Reader, DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int? Limit);

    /// <param name="CallId">The call (and case) whose contact was read.</param>
    /// <param name="TrackingNumber">The call's tracking number.</param>
    /// <param name="ReadBy">Who read it, as <c>role:unit:user</c>.</param>
    /// <param name="ReadAt">When.</param>
    public sealed record ContactReadView(Guid CallId, string TrackingNumber, string ReadBy, DateTimeOffset ReadAt);

    /// <param name="Reads">This page, newest first.</param>
    /// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
    public sealed record ContactReadPage(IReadOnlyList<ContactReadView> Reads, string? NextCursor);

    public static IEndpointRouteBuilder MapListContactReads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/audit/contact-reads", Handle)
            .WithName("ListContactReads")
            .WithTags("Calls")
            .WithSummary("Who read which resident's contact in full, newest first. Filters: callId, reader (user), "
                + "from/to (read time); cursor; limit 1-200 (default 50). Supervisors over the calls' places, admins.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.Admin))
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<ContactReadPage>, ValidationProblem>> Handle(
        [AsParameters] ReadFilter filter,
        NpgsqlDataSource database,
        RequestTimeout timeout,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var limit = filter.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }

        if (filter.From > filter.To)
        {
            errors["from"] = ["The range starts after it ends."];
        }

        long? before = null;
        if (filter.Cursor is not null)
        {
            before = long.TryParse(filter.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? seq
                : null;
            if (before is null)
            {
                errors["cursor"] = ["Not a cursor from this API: pass nextCursor from the previous page."];
            }
        }

        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var actor = Actor.From(context.User);
        // SQL keeps the reads of calls with the caller's unit at one of their levels; Place.IsCoveredBy, the one
        // rule, decides which of those the caller oversees. So a page may hold fewer than the limit, and the
        // cursor is the last read examined, kept or not.
        await using var command = timeout.Apply(database.CreateCommand("""
            select r.seq_id, r.stream_id, c.data ->> 'TrackingNumber', r.data ->> 'ReadBy',
                   (r.data ->> 'ReadAt')::timestamptz, c.data ->> 'GridCode', c.data ->> 'CommunityCode',
                   c.data ->> 'StreetCode', c.data ->> 'DistrictCode'
            from intake.mt_events r
            join intake.mt_events c on c.stream_id = r.stream_id and c.type = 'call_logged'
            where r.type = 'contact_read'
              and ($1 or $2 in (c.data ->> 'GridCode', c.data ->> 'CommunityCode',
                                c.data ->> 'StreetCode', c.data ->> 'DistrictCode'))
              and ($3::uuid is null or r.stream_id = $3)
              and ($4::text is null or r.data ->> 'ReadBy' = $4
                   or right(r.data ->> 'ReadBy', length($4) + 1) = ':' || $4)
              and ($5::timestamptz is null or (r.data ->> 'ReadAt')::timestamptz >= $5)
              and ($6::timestamptz is null or (r.data ->> 'ReadAt')::timestamptz < $6)
              and ($7::bigint is null or r.seq_id < $7)
            order by r.seq_id desc
            limit $8
            """));
        command.Parameters.Add(new() { Value = actor.Role == Roles.Admin });
        command.Parameters.Add(new() { Value = actor.Unit });
        command.Parameters.Add(Optional(filter.CallId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Optional(filter.Reader, NpgsqlDbType.Text));
        // Npgsql writes only UTC offsets to timestamptz; a time in China Standard Time was answered 500.
        command.Parameters.Add(Optional(filter.From?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Optional(filter.To?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Optional(before, NpgsqlDbType.Bigint));
        command.Parameters.Add(new() { Value = limit + 1 });
        var rows = new List<(long Seq, Place Place, ContactReadView Read)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((
                    reader.GetInt64(0),
                    new Place(reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8)),
                    new ContactReadView(
                        reader.GetGuid(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetFieldValue<DateTimeOffset>(4))));
            }
        }

        var examined = rows.Take(limit).ToList();
        return TypedResults.Ok(new ContactReadPage(
            examined.Where(row => row.Place.IsCoveredBy(actor)).Select(row => row.Read).ToList(),
            rows.Count > limit ? examined[^1].Seq.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static NpgsqlParameter Optional(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
