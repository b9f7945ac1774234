using CallResponse.Identity.Keys;

namespace CallResponse.Identity.Tests;

/// <summary>Which keys the issuer publishes, and which one signs, as a rotation goes on (pure; no database).</summary>
public sealed class KeyRingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_only_key_signs()
    {
        var first = Key("first", Start);

        Assert.Equal(["first"], Ids(KeyRing.Published([first], Start.AddHours(1))));
    }

    [Fact]
    public void A_new_key_is_published_at_once_but_the_current_one_keeps_signing_until_its_time()
    {
        var keys = new[] { Key("first", Start), Key("next", Start.AddHours(1) + KeyRing.PublishAhead) };

        Assert.Equal(["first", "next"], Ids(KeyRing.Published(keys, Start.AddHours(1))));
    }

    [Fact]
    public void Once_its_time_has_come_the_new_key_signs_and_the_old_one_stays_published()
    {
        var switchAt = Start.AddHours(1) + KeyRing.PublishAhead;
        var keys = new[] { Key("first", Start), Key("next", switchAt) };

        Assert.Equal(["next", "first"], Ids(KeyRing.Published(keys, switchAt)));
        Assert.Equal(["next", "first"], Ids(KeyRing.Published(keys, switchAt + KeyRing.KeepAfter - TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void A_replaced_key_is_retired_once_its_last_tokens_have_expired()
    {
        var switchAt = Start.AddHours(1);
        var keys = new[] { Key("oldest", Start.AddDays(-10)), Key("first", Start), Key("next", switchAt) };

        Assert.Equal(["next"], Ids(KeyRing.Published(keys, switchAt + KeyRing.KeepAfter)));
    }

    [Fact]
    public void Encryption_keys_are_never_published_for_signing()
    {
        var keys = new[] { Key("first", Start), SigningKey.NewEncryption(Start) };

        Assert.Equal(["first"], Ids(KeyRing.Published(keys, Start)));
    }

    private static SigningKey Key(string id, DateTimeOffset signsFrom) =>
        new() { Id = id, Use = SigningKey.Signing, CreatedAt = signsFrom, SignsFrom = signsFrom };

    private static string[] Ids(IEnumerable<SigningKey> keys) => keys.Select(key => key.Id).ToArray();
}
