using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// Every error leaves as an RFC 9457 problem response. A malformed JSON body names the field
/// (its JSON path) that could not be read, so a client can fix it without guessing.
/// </summary>
public static partial class ProblemResponses
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            AddTraceId(context.ProblemDetails));
        // After the framework's writer, which declines when Accept names no JSON type (text/csv, image/*).
        services.AddSingleton<IProblemDetailsWriter, WhateverAcceptWriter>();
        services.AddExceptionHandler<BadRequestBodyHandler>();
        services.RefuseNulInJsonBodies();
        services.AddExceptionHandler<StatementTimeoutHandler>();
        // A query or route value that does not bind reaches the handler below in every environment.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RefuseUnknownCharsetAsync);
        app.RefuseNulInQueries();
        return app;
    }

    /// <summary>
    /// A body whose charset no decoder knows gets 415: left to the JSON binding, it throws an exception that is
    /// neither a bad request nor a bad body, and the caller got 500.
    /// </summary>
    private static async Task RefuseUnknownCharsetAsync(HttpContext context, RequestDelegate next)
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && mediaType.Charset.HasValue
            && !IsKnownEncoding(mediaType.Charset.Value.Trim('"')))
        {
            await TypedResults.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "无法识别请求体的字符集 (the body's charset is not known)",
                    detail: "Send the body in UTF-8 (Content-Type: application/json; charset=utf-8).")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool IsKnownEncoding(string name)
    {
        try
        {
            _ = System.Text.Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void AddTraceId(ProblemDetails problem) =>
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.TraceId.ToString());

    /// <summary>A 400 problem listing field errors, the same shape everywhere.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    /// <summary>An error for <paramref name="field"/> unless <paramref name="value"/> is one allowed.</summary>
    public static void RequireOneOf(
        IDictionary<string, string[]> errors,
        string field,
        string? value,
        IEnumerable<string> allowed)
    {
        if (value is null || !allowed.Contains(value))
        {
            errors[field] = [$"One of {string.Join(", ", allowed)}."];
        }
    }

    /// <summary>
    /// Writes a problem as <c>application/problem+json</c> whatever the request's <c>Accept</c> says, so no error
    /// leaves without saying what went wrong (else a 4xx had a plain-text line or no body at all).
    /// </summary>
    private sealed class WhateverAcceptWriter : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var problem = context.ProblemDetails;
            var response = context.HttpContext.Response;
            problem.Status ??= response.StatusCode;
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            AddTraceId(problem);
            return new ValueTask(response.WriteAsJsonAsync(
                problem, problem.GetType(), options: null, contentType: "application/problem+json"));
        }
    }

    /// <summary>413: the body is longer than the endpoint takes (<paramref name="limit"/> bytes).</summary>
    public static async Task TooLargeAsync(HttpContext context, long? limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "请求正文过大",
                Detail = $"这个接口的请求正文最多 {limit / 1024} KB，未作任何更改 "
                    + $"(the body is longer than this endpoint takes, {limit / 1024} KB). Nothing was changed.",
            },
        });
    }

    /// <summary>
    /// A statement that ran past the request's timeout (<c>EventStore/RequestTimeout</c>) was cancelled: the
    /// database is overloaded or a lock is held, not the caller's fault, and a retry soon may succeed.
    /// </summary>
    private sealed class StatementTimeoutHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(
            HttpContext context,
            Exception exception,
            CancellationToken cancellationToken)
        {
            var timedOut = false;
            for (var inner = exception; inner is not null && !timedOut; inner = inner.InnerException)
            {
                timedOut = inner is Npgsql.NpgsqlException { InnerException: TimeoutException }
                    or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.QueryCanceled };
            }

            if (!timedOut)
            {
                return false;
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "数据库繁忙",
                    Detail = "查询超时，请稍后重试 (the database did not answer in time; try again in a few seconds).",
                },
            });
        }
    }

    /// <summary>Turns an unreadable request body or parameter into a validation problem naming the field.</summary>
    private sealed partial class BadRequestBodyHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(
            HttpContext context,
            Exception exception,
            CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException badRequest)
            {
                return false;
            }

            if (badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
                await TooLargeAsync(context, limit);
                return true;
            }

            var parameter = ParameterName().Match(badRequest.Message);
            var field = badRequest.InnerException is JsonException json && !string.IsNullOrEmpty(json.Path)
                ? json.Path.TrimStart('$', '.')
                // [AsParameters] records name them in PascalCase
                : parameter.Success ? JsonNamingPolicy.CamelCase.ConvertName(parameter.Groups[1].Value) : "body";
            // The framework's messages can quote the offending value, which may be personal data.
            var reason = badRequest.InnerException is JsonException
                ? badRequest.InnerException.Message.StartsWith(NulCharacters.Refusal, StringComparison.Ordinal)
                    ? NulCharacters.Refusal
                    : "The value could not be read: check its type and the JSON syntax around it."
                : parameter.Success
                    ? "The value is missing or not of the parameter's type (dates: yyyy-MM-dd)."
                    : "The request body could not be read.";
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [string.IsNullOrEmpty(field) ? "body" : field] = [reason],
                })
                {
                    Title = parameter.Success
                        ? "A parameter is not valid."
                        : "The request body is not valid JSON for this endpoint.",
                    Status = StatusCodes.Status400BadRequest,
                },
            });
        }

        /// <summary>
        /// The name in "Failed to bind parameter \"DateOnly? from\" from …" and
        /// "Required parameter \"int limit\" was not provided".
        /// </summary>
        [System.Text.RegularExpressions.GeneratedRegex(@"parameter ""(?:[^""]* )?(\w+)""")]
        private static partial System.Text.RegularExpressions.Regex ParameterName();
    }
}
