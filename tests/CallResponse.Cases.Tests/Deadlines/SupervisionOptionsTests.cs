using CallResponse.Cases.Supervision;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallResponse.Cases.Tests.Deadlines;

/// <summary>The reply time of a supervision order is checked when the service starts, not at the first breach.</summary>
public sealed class SupervisionOptionsTests
{
    [Fact]
    public void A_unit_has_24_hours_by_default() =>
        Assert.Equal(TimeSpan.FromHours(24), Options(null).Value.ReplyWithin);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("31.00:00:00")]
    public void A_reply_time_not_positive_or_over_a_month_is_refused(string value) =>
        Assert.Contains(
            "Supervision:ReplyWithin",
            Assert.Throws<OptionsValidationException>(() => Options(value).Value).Message);

    private static IOptions<SupervisionOptions> Options(string? replyWithin)
    {
        var builder = WebApplication.CreateBuilder();
        if (replyWithin is not null)
        {
            builder.Configuration["Supervision:ReplyWithin"] = replyWithin;
        }

        SupervisionOptions.Register(builder);
        return builder.Services.BuildServiceProvider().GetRequiredService<IOptions<SupervisionOptions>>();
    }
}
