using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.UnitTests.Features.Accounts;

public sealed class CommonPasswordValidatorTests
{
    [Theory]
    [InlineData("password1234")]
    [InlineData("qwertyuiop12")]
    [InlineData("123456789012")]
    [InlineData("abcdefghijklmn")]
    [InlineData("aaaaaaaaaaaaaa")]
    [InlineData("abababababab")]
    [InlineData("onedayatatime")]
    [InlineData("ReferralTraining2026!")]
    [InlineData("referral-training-1")]
    [InlineData("Recovery12345")]
    [InlineData("password123!")]
    [InlineData("basketball2026!")]
    [InlineData("!!iloveyou2026")]
    [InlineData("trustno1trustno1")]
    public void CommonOrPatternedPasswords_AreRefused(string password) =>
        Assert.True(CommonPasswordValidator.IsCommon(password));

    [Theory]
    [InlineData("correct battery horse staple")]
    [InlineData("maple kettle orbit window")]
    [InlineData("Tr0ub4dor&3xyz")]
    public void UncommonPasswords_AreAccepted(string password) =>
        Assert.False(CommonPasswordValidator.IsCommon(password.ToLowerInvariant()));

    [Fact]
    public void TheShippedList_HoldsAtLeastTheTenThousandMostCommonPasswords() =>
        Assert.True(CommonPasswordValidator.ListSize >= 10_000, $"only {CommonPasswordValidator.ListSize} entries");
}
