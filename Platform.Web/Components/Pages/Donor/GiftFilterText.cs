using System.Globalization;
using Platform.Core.Giving;

namespace Platform.Web.Components.Pages.Donor;

/// <summary>
/// The donor's gift filters as they arrive in a query string. They are read as text (query parameters cannot bind
/// enums, and a bad number must be answered rather than thrown): empty means any; anything else must name a value.
/// </summary>
public static class GiftFilterText
{
    public static bool TryYear(string? text, out int? year)
    {
        year = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 2000 and <= 9999)
        {
            year = value;
            return true;
        }
        return false;
    }

    public static bool TryStatus(string? text, out DonationStatus? status)
    {
        status = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        // Names only: Enum.TryParse would also take "7", which names no status.
        if (Enum.TryParse<DonationStatus>(text, ignoreCase: true, out var value) && Enum.GetName(value) is not null && !char.IsAsciiDigit(text.Trim()[0]))
        {
            status = value;
            return true;
        }
        return false;
    }
}
