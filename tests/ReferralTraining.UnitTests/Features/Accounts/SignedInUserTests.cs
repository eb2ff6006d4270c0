using System.Security.Claims;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.UnitTests.Features.Accounts;

public sealed class SignedInUserTests
{
    [Fact]
    public void SignedIn_ReadsTheIdFromTheNameIdentifierClaim()
    {
        var id = Guid.NewGuid();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Name, "someone@example.org")], "cookie"));
        Assert.Equal(id, user.UserId());
        Assert.Equal(id, user.TryGetUserId());
    }

    [Fact]
    public void Anonymous_HasNoId_AndCodeThatNeedsOneFailsLoudly()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.Null(anonymous.TryGetUserId());
        Assert.Null(((ClaimsPrincipal?)null).TryGetUserId());
        Assert.Throws<InvalidOperationException>(() => anonymous.UserId());
    }

    [Fact]
    public void AMalformedClaim_IsNotAnId()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "not-a-guid")], "cookie"));
        Assert.Null(user.TryGetUserId());
    }
}
