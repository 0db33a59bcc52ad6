using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Tests.Unit;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("a@b.co", true)]
    [InlineData("not-an-email", false)]
    [InlineData("a@localhost", false)]
    [InlineData("Name <a@b.co>", false)]
    public void RecognisesEmailAddresses(string value, bool valid) => Validation.IsEmail(value).ShouldBe(valid);

    [Theory]
    [InlineData("northside-fitness", true)]
    [InlineData("Northside", false)]
    [InlineData("double--hyphen", false)]
    [InlineData("-leading", false)]
    public void AcceptsOnlySimpleSlugs(string slug, bool valid) => new Validation().Slug("Slug", slug).IsValid.ShouldBe(valid);

    [Fact]
    public void CollectsEveryFieldMessage()
    {
        var result = Result.From(new Validation().Required("Name", "", "Name", 10).Email("Email", "nope"));

        result.Errors.Keys.Order().ShouldBe(["Email", "Name"]);
    }

    [Fact]
    public void InvitationTokenIsStoredOnlyAsAHash()
    {
        var invitation = new Invitation(Guid.NewGuid(), " Someone@Example.com ", MembershipRole.Staff, [], Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        invitation.Email.ShouldBe("someone@example.com");
        invitation.TokenHash.ShouldBe(Invitation.Hash(invitation.IssuedToken!));
        invitation.TokenHash.ShouldNotBe(invitation.IssuedToken);
        invitation.ExpiresAt.ShouldBe(DateTimeOffset.UnixEpoch.AddDays(7));
    }

    [Fact]
    public void OwnersAreNeverLocationRestricted()
    {
        var membership = new Membership(Guid.NewGuid(), Guid.NewGuid(), MembershipRole.Owner, [Guid.NewGuid()], DateTimeOffset.UnixEpoch);

        membership.LocationIds.ShouldBeEmpty();
        membership.IsLocationRestricted.ShouldBeFalse();
    }
}
