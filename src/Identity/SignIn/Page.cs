using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace CallResponse.Identity.SignIn;

/// <summary>
/// The sign-in pages' one layout: a card on the workbench's stylesheet (same origin, through the gateway). Every
/// value written into the page is HTML-encoded; every form carries the antiforgery token.
/// </summary>
internal static class Page
{
    public static IResult Form(HttpContext http, string title, string? error, string action, params string[] body)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var alert = error is null ? string.Empty : $"""<div class="notice error" role="alert">{Encode(error)}</div>""";
        var html = $"""
            <!doctype html>
            <html lang="zh-CN">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{Encode(title)} · 你呼我应</title>
              <link rel="stylesheet" href="/css/app.css">
            </head>
            <body>
              <header class="top"><span class="brand">你呼我应 · 工作台</span></header>
              <main>
                <form class="card narrow" method="post" action="{Encode(action)}">
                  <h1>{Encode(title)}</h1>
                  {alert}
                  <input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken!)}">
                  {string.Join("\n", body)}
                </form>
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static string Field(string label, string name, string type, string autocomplete, string? value = null) =>
        $"""
        <label class="field"><span class="label">{Encode(label)}</span>
          <input name="{name}" type="{type}" autocomplete="{autocomplete}"
            value="{Encode(value ?? string.Empty)}" required>
        </label>
        """;

    /// <summary>Where the sign-in goes on to after this step: a path of this site, else the workbench.</summary>
    public static string ReturnTo(string? returnUrl) =>
        $"""<input type="hidden" name="returnUrl" value="{Encode(LocalOr(returnUrl, "/"))}">""";

    public static string Text(string text) => $"""<p class="hint">{Encode(text)}</p>""";

    public static string Submit(string label) => $"""<button type="submit" class="primary">{Encode(label)}</button>""";

    public static string Encode(string value) => Encoder.Encode(value);

    // Chinese stays as it is; markup characters are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// Only a path of this site is followed after a sign-in step: never another site (an open redirect).
    /// </summary>
    public static string LocalOr(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : fallback;
}
