using CsvHelper;

namespace Platform.Core.Common;

/// <summary>
/// RFC 4180 CSV through CsvHelper: comma-separated, CRLF rows, fields with commas, quotes or line breaks quoted, quotes
/// doubled, numbers and dates in the invariant culture. A text cell that a spreadsheet would run as a formula (it starts
/// with = + - @, a tab or a CR) gets a leading apostrophe, so it opens as text; numbers are left as they are.
/// </summary>
public static class Csv
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var text = new StringWriter();
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteHeader([.. header]);
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field);
                }
                csv.EndRecord();
            }
        }
        return text.ToString();
    }
}
