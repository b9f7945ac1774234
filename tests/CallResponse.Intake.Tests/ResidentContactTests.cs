using CallResponse.Intake.Calls;
using CallResponse.ServiceDefaults;

namespace CallResponse.Intake.Tests;

public sealed class ResidentContactTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳小明", "欧***")]
    [InlineData("李", "李*")]
    [InlineData(null, null)]
    public void Names_keep_only_the_family_name(string? name, string? masked) => Assert.Equal(masked, ResidentContact.MaskName(name));

    [Theory]
    [InlineData("13812345678", "*******5678")]
    [InlineData("+86 138-1234-5678", "*********5678")]
    [InlineData("8234567", "*******")]
    [InlineData("8234-5678", "********")]
    [InlineData("12345", "*****")]
    public void Phones_keep_only_the_last_four_digits_of_eleven_or_more(string phone, string masked) => Assert.Equal(masked, ResidentContact.MaskPhone(phone));

    [Fact]
    public void The_masked_view_withholds_the_address() =>
        Assert.Equal(new ResidentContactView("王*", "*******0000", "***"), new ResidentContact(Guid.NewGuid(), "王五", "13900000000", "多宝路1号").Masked());

    [Fact]
    public void Deterministic_ids_depend_on_scope_and_name_only()
    {
        Assert.Equal(DeterministicGuid.Create("call", "key-1"), DeterministicGuid.Create("call", "key-1"));
        Assert.NotEqual(DeterministicGuid.Create("call", "key-1"), DeterministicGuid.Create("call", "key-2"));
        Assert.NotEqual(DeterministicGuid.Create("call", "key-1"), DeterministicGuid.Create("routing-decision", "key-1"));
        Assert.Equal(8, DeterministicGuid.Create("call", "key-1").Version);
    }
}
