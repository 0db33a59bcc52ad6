using System.Globalization;
using System.Security.Claims;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Web.Components.Pages.Donor;

namespace Platform.Web.Payments;

/// <summary>GET /donor/donations.csv: the signed-in donor's gifts, with the same filters as the page.</summary>
public static class DonorExport
{
    public static void MapDonorExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/donor/donations.csv", async (ClaimsPrincipal user, GivingQueries giving, int? year, DonationStatus? status) =>
        {
            var (id, email) = DonorIdentity.Of(user);
            var gifts = (await giving.AllDonorGiftsAsync(id, email))
                .Where(g => year is null || g.CreatedAt.Year == year)
                .Where(g => status is null || g.Status == status);
            var csv = Csv.Write(["Date", "Charity", "Program", "Amount", "Currency", "Refunded", "Status", "Journey", "Receipt", "TaxDeductible"],
                gifts.Select(g => (IReadOnlyList<object?>)
                [
                    g.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.CharityName, g.ProgramName,
                    g.Charged.Amount, g.Charged.Currency, g.Refunded.Amount, g.Status.ToString(), g.Stage.Label(), g.ReceiptNumber,
                    g.IsTaxDeductible ? "yes" : "no",
                ]));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"gifts{(year is null ? "" : $"-{year}")}.csv");
        }).RequireAuthorization(PortalPolicies.Donor);
}
