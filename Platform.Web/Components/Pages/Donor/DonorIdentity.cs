using System.Security.Claims;

namespace Platform.Web.Components.Pages.Donor;

/// <summary>Who the donor is, for the donor queries: their user id and their sign-in email (gifts as a guest match it).</summary>
public static class DonorIdentity
{
    public static (Guid UserId, string Email) Of(ClaimsPrincipal user) =>
        (Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), user.Identity?.Name ?? "");
}
