using CallResponse.Identity.SignIn;

namespace CallResponse.Identity.Tests;

/// <summary>A sign-in step goes on only to a path of this site: never to another (an open redirect).</summary>
public sealed class SignInPageTests
{
    [Theory]
    [InlineData("/connect/authorize?client_id=workbench", "/connect/authorize?client_id=workbench")]
    [InlineData("/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Only_a_local_path_is_followed(string? returnUrl, string followed) =>
        Assert.Equal(followed, Page.LocalOr(returnUrl, "/"));

    [Fact]
    public void What_a_page_writes_is_encoded_and_Chinese_stays_readable() =>
        Assert.Equal("登录 &lt;script&gt;&quot;", Page.Encode("登录 <script>\""));
}
