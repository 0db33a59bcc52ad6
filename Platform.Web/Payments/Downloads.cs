using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Documents;
using Platform.Core.Giving;
using Platform.Core.Reports;
using Platform.Web.Components.Pages.Donor;

namespace Platform.Web.Payments;

/// <summary>
/// Documents people download: a donor's gifts as CSV, tax statements and yearly summary; an organization's payout statements
/// and monthly reports; the platform reports.
/// </summary>
public static class Downloads
{
    public static void MapDownloads(this IEndpointRouteBuilder endpoints)
    {
        // The donor's gifts, with the same filters as the page.
        endpoints.MapGet("/donor/donations.csv", async (ClaimsPrincipal user, GivingQueries giving, [FromQuery(Name = "year")] string? yearText,
            [FromQuery(Name = "status")] string? statusText) =>
        {
            if (!GiftFilterText.TryYear(yearText, out var year) || !GiftFilterText.TryStatus(statusText, out var status))
            {
                return Results.Problem($"Ask for a year such as 2026 and a status of {string.Join(", ", Enum.GetNames<DonationStatus>())}, "
                    + $"not year \"{yearText}\" and status \"{statusText}\".", statusCode: 400);
            }
            var (id, email) = DonorIdentity.Of(user);
            var gifts = (await giving.AllDonorGiftsAsync(id, email))
                .Where(g => year is null || g.CreatedAt.Year == year)
                .Where(g => status is null || g.Status == status);
            var csv = Csv.Write(["Date", "Charity", "Program", "Amount", "Currency", "Refunded", "Status", "Journey", "Receipt", "TaxDeductible"],
                gifts.Select(g => (IReadOnlyList<object?>)
                [
                    g.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.CharityName, g.ProgramName,
                    g.Charged.Amount, g.Charged.Currency, g.Refunded.Amount, g.Status.Label(), g.Stage.Label(), g.ReceiptNumber,
                    g.IsTaxDeductible ? "yes" : "no",
                ]));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"gifts{(year is null ? "" : $"-{year}")}.csv");
        }).RequireAuthorization(PortalPolicies.Donor);

        // One issued statement, exactly as issued (its hash is checked); another donor's is not found.
        endpoints.MapGet("/donor/statements/{id:guid}.pdf", async (Guid id, ClaimsPrincipal user, TaxStatementService statements) =>
        {
            var (userId, email) = DonorIdentity.Of(user);
            return FileOrNotFound(await statements.DonorStatementFileAsync(id, userId, email));
        }).RequireAuthorization(PortalPolicies.Donor);

        // A photo from one of the donor's own gifts' journeys, shown inline; anyone else's is not found.
        endpoints.MapGet("/donor/donations/{donationId:guid}/photos/{stepId:guid}", async (Guid donationId, Guid stepId,
            ClaimsPrincipal user, GivingQueries giving, HttpResponse response) =>
        {
            var (userId, email) = DonorIdentity.Of(user);
            if (await giving.DonorJourneyPhotoAsync(donationId, stepId, userId, email) is not { } photo)
            {
                return Results.NotFound();
            }
            response.Headers.CacheControl = "private, max-age=86400";
            response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(photo.Content, photo.ContentType);
        }).RequireAuthorization(PortalPolicies.Donor);

        // The year's summary across charities, printed now from the donor's current statements.
        endpoints.MapGet("/donor/statements/{year:int}/summary.pdf", async (int year, ClaimsPrincipal user, TaxStatementService statements,
            CancellationToken ct) =>
        {
            var (userId, email) = DonorIdentity.Of(user);
            return FileOrNotFound(await statements.CombinedFileAsync(userId, email, year, ct));
        }).RequireAuthorization(PortalPolicies.Donor);

        // A payout statement, for the organization's owners and managers.
        endpoints.MapGet("/merchant/payouts/{id:guid}.pdf", async (Guid id, Platform.Core.Payouts.PayoutService payouts, CancellationToken ct) =>
            FileOrNotFound(await payouts.StatementAsync(id, ct)))
            .RequireAuthorization(PortalPolicies.MerchantManager);
        endpoints.MapGet("/creator/payouts/{id:guid}.pdf", async (Guid id, ClaimsPrincipal user, Platform.Core.Payouts.PayoutService payouts,
            CancellationToken ct) =>
            FileOrNotFound(await payouts.CreatorStatementAsync(DonorIdentity.Of(user).UserId, id, ct)))
            .RequireAuthorization(PortalPolicies.Creator);
        endpoints.MapGet("/admin/payouts/{id:guid}.pdf", async (Guid id, Platform.Core.Payouts.PayoutService payouts, CancellationToken ct) =>
            FileOrNotFound(await payouts.AnyStatementAsync(id, ct)))
            .RequireAuthorization(PortalPolicies.Admin);

        // The organization's report for any month, printed now; and the ones issued, exactly as issued.
        endpoints.MapGet("/merchant/reports/{month}.{format}", async (string month, string format, ReportService reports, CancellationToken ct) =>
            ReportMonth.TryParse(month, out var m) && FormatOf(format) is { } f
                ? FileOrNotFound(await reports.OrganizationFileAsync(m, f, ct))
                : Results.Problem($"Ask for a month as yyyy-MM and a format of pdf or csv, not \"{month}.{format}\".", statusCode: 400))
            .RequireAuthorization(PortalPolicies.MerchantManager);
        endpoints.MapGet("/merchant/reports/issued/{id:guid}.{format}", async (Guid id, string format, ReportService reports, CancellationToken ct) =>
            FormatOf(format) is { } f ? FileOrNotFound(await reports.IssuedFileAsync(id, f, ct)) : Results.NotFound())
            .RequireAuthorization(PortalPolicies.MerchantManager);

        endpoints.MapGet("/admin/reports/{month}.{format}", async (string month, string format, ReportService reports, CancellationToken ct) =>
            ReportMonth.TryParse(month, out var m) && FormatOf(format) is { } f
                ? FileOrNotFound(await reports.PlatformFileAsync(m, f, ct))
                : Results.Problem($"Ask for a month as yyyy-MM and a format of pdf or csv, not \"{month}.{format}\".", statusCode: 400))
            .RequireAuthorization(PortalPolicies.Admin);
        endpoints.MapGet("/admin/reports/issued/{id:guid}.{format}", async (Guid id, string format, ReportService reports, CancellationToken ct) =>
            FormatOf(format) is { } f ? FileOrNotFound(await reports.IssuedPlatformFileAsync(id, f, ct)) : Results.NotFound())
            .RequireAuthorization(PortalPolicies.Admin);
    }

    private static ReportFormat? FormatOf(string extension) => extension switch
    {
        "pdf" => ReportFormat.Pdf,
        "csv" => ReportFormat.Csv,
        _ => null,
    };

    private static IResult FileOrNotFound(DocumentFile? file) =>
        file is null ? Results.NotFound() : Results.File(file.Content, file.ContentType, file.FileName);
}
