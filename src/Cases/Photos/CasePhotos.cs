using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Reading;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace CallResponse.Cases.Photos;

/// <summary>
/// Photos of the matter (现场照片): <c>POST /api/cases/{id}/photos</c> with the image as the body
/// (JPEG, PNG or WebP, at most 5 MB) and <c>GET /api/cases/{id}/photos/{photoId}</c>. Whoever may see
/// the case may attach photos and see them, until it is closed or merged, up to <c>Photos:MaxPerCase</c> (9).
/// The photo is re-encoded without its EXIF data (<see cref="PhotoImages"/>); the bytes are stored beside
/// the stream in <c>cases.case_photos</c>, in the same transaction as the <see cref="PhotoAttached"/>
/// event that puts the photo in the case's history; with an <c>Idempotency-Key</c>, a retry answers
/// the photo already attached.
/// </summary>
public static class CasePhotos
{
    public const int MaxBytes = 5 * 1024 * 1024;
    private const string Table = "cases.case_photos";

    public sealed record Attached(Guid PhotoId, string Url);

    /// <summary>Section <c>Photos</c>: how many photos a case takes (a few show the matter; more burden it).</summary>
    public sealed class Options
    {
        public const string Section = "Photos";

        public int MaxPerCase { get; set; } = 9;
    }

    public static ISchemaObject SchemaObject()
    {
        var photos = new Table(Table);
        photos.AddColumn<Guid>("id").AsPrimaryKey();
        photos.AddColumn<Guid>("case_id").NotNull();
        photos.AddColumn("content_type", "text").NotNull();
        photos.AddColumn("content", "bytea").NotNull();
        return photos;
    }

    public static IEndpointRouteBuilder MapCasePhotos(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/cases/{id:guid}/photos", AttachAsync)
            .WithName("AttachCasePhoto")
            .WithTags("Cases")
            .WithSummary("Attach a photo of the matter (现场照片): the body is the image, JPEG, PNG or WebP, at most 5 MB. "
                + "Whoever may see the case, until it is closed or merged; 9 photos a case at most (409 beyond). "
                + "It is stored re-encoded, without its EXIF data (the place it was taken).")
            .Accepts<byte[]>("image/jpeg", "image/png", "image/webp")
            .RequireAuthorization()
            .WithBodyLimit(MaxBytes)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        endpoints.MapGet("/api/cases/{id:guid}/photos/{photoId:guid}", GetAsync)
            .WithName("GetCasePhoto")
            .WithTags("Cases")
            .WithSummary("One photo of a case, as it was stored (re-encoded, without EXIF data).")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Created<Attached>, ValidationProblem, ProblemHttpResult>> AttachAsync(
        Guid id,
        HttpContext http,
        ISessionFactory sessions,
        TimeProvider clock,
        IOptions<Options> options,
        CancellationToken cancellationToken)
    {
        // As for commands (CaseCommand): no case has the empty id, and Marten throws on fetching its stream.
        if (id == Guid.Empty)
        {
            return CaseProblems.NotFound(id);
        }

        var actor = Actor.From(http.User);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var photoId = key.Length > 0
            ? DeterministicGuid.Create("case-photo", $"{id}:{actor.UserId}:{key}")
            : Guid.CreateVersion7(clock.GetUtcNow());
        var contentType = (http.Request.ContentType?.Split(';')[0].Trim() ?? string.Empty).ToLowerInvariant();
        byte[]? bytes = null;
        // The case may change between reading and saving (its routing lands, a command): try again on the new version.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = sessions.OpenSession();
            var stream = await session.Events.FetchForWriting<Case>(id, cancellationToken);
            if (stream.Aggregate is not { } found || !CaseAccess.CanSee(found, actor))
            {
                return CaseProblems.NotFound(id);
            }

            if (found.Photos.Contains(photoId))
            {
                return Created(id, photoId);
            }

            if (found.Status is CaseStatus.Closed or CaseStatus.Merged)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: $"A {CaseStatusNames.Of(found.Status)} case takes no more photos.",
                    detail: "Nothing was changed.",
                    extensions: new Dictionary<string, object?>
                    {
                        ["currentStatus"] = CaseStatusNames.Of(found.Status),
                    });
            }

            if (found.Photos.Count >= options.Value.MaxPerCase)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "照片已达上限",
                    detail: $"每件案件最多 {options.Value.MaxPerCase} 张照片，未作任何更改 "
                        + $"(a case takes at most {options.Value.MaxPerCase} photos). Nothing was changed.");
            }

            if (bytes is null)
            {
                if (!PhotoImages.Formats.TryGetValue(contentType, out var format))
                {
                    return TypedResults.Problem(
                        statusCode: StatusCodes.Status415UnsupportedMediaType,
                        title: "Not a photo type taken here.",
                        detail: "Send the image as the body with Content-Type "
                            + $"{string.Join(", ", PhotoImages.Formats.Keys)}.");
                }

                // Longer than MaxBytes, the read throws, and the answer is a 413 problem (ProblemResponses).
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer, cancellationToken);
                bytes = PhotoImages.Reencode(buffer.ToArray(), format);
                if (bytes is null)
                {
                    return ProblemResponses.Invalid(new Dictionary<string, string[]>
                    {
                        ["body"] = [$"不是可读取的图片 (the body is not a {contentType} image of at most 50 megapixels)."],
                    });
                }
            }

            session.LastModifiedBy = actor.ToString();
            stream.AppendOne(new PhotoAttached(id, photoId, contentType, bytes.Length, clock.GetUtcNow()));
            session.QueueSqlCommand(
                $"insert into {Table} (id, case_id, content_type, content) values (?, ?, ?, ?)",
                photoId,
                id,
                contentType,
                bytes);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return Created(id, photoId);
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        Guid id,
        Guid photoId,
        HttpContext http,
        IQuerySession session,
        NpgsqlDataSource database,
        RequestTimeout timeout,
        CancellationToken cancellationToken)
    {
        var found = await session.LoadAsync<Case>(id, cancellationToken);
        if (found is null || !CaseAccess.CanSee(found, Actor.From(http.User)) || !found.Photos.Contains(photoId))
        {
            return CaseProblems.NotFound(id);
        }

        await using var command = timeout.Apply(
            database.CreateCommand($"select content_type, content from {Table} where id = $1"));
        command.Parameters.Add(new() { Value = photoId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return TypedResults.File(reader.GetFieldValue<byte[]>(1), reader.GetString(0));
    }

    private static Created<Attached> Created(Guid id, Guid photoId) =>
        TypedResults.Created(
            $"/api/cases/{id}/photos/{photoId}",
            new Attached(photoId, $"/api/cases/{id}/photos/{photoId}"));
}
