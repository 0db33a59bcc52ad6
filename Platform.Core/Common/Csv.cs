using System.Globalization;
using System.Text;

namespace Platform.Core.Common;

/// <summary>RFC 4180 CSV: comma-separated, CRLF rows, fields with commas, quotes or line breaks quoted, quotes doubled.</summary>
public static class Csv
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows)
        {
            Line(text, row.Select(Field).ToList());
        }
        return text.ToString();
    }

    private static string Field(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void Line(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            var field = fields[i];
            // A leading = + - @ would be read as a formula by spreadsheets: neutralise it.
            if (field.Length > 0 && "=+-@".Contains(field[0]) && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            {
                field = "'" + field;
            }
            text.Append(field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field);
        }
        text.Append("\r\n");
    }
}
