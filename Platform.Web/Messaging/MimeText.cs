using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Web.Messaging;

/// <summary>Just enough MIME reading to show the HTML part of a message the app itself wrote.</summary>
public static partial class MimeText
{
    public static string? HtmlPart(string raw)
    {
        var match = HtmlSection().Match(raw);
        if (!match.Success)
        {
            return null;
        }
        var headers = match.Groups["headers"].Value;
        var body = match.Groups["body"].Value;
        var boundaryEnd = body.IndexOf("\n--", StringComparison.Ordinal);
        if (boundaryEnd >= 0)
        {
            body = body[..boundaryEnd];
        }
        var bytes = headers.Contains("base64", StringComparison.OrdinalIgnoreCase)
            ? Convert.FromBase64String(string.Concat(body.Split('\n').Select(l => l.Trim())))
            : headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase)
                ? QuotedPrintable(body)
                : Encoding.UTF8.GetBytes(body);
        return Encoding.UTF8.GetString(bytes);
    }

    public static byte[] QuotedPrintable(string text)
    {
        var joined = text.Replace("=\r\n", "").Replace("=\n", "");
        var output = new List<byte>(joined.Length);
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                output.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }
        return output.ToArray();
    }

    [GeneratedRegex(@"Content-Type:\s*text/html[^\n]*\n(?<headers>(?:[^\r\n]+\r?\n)*)\r?\n(?<body>[\s\S]*)", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlSection();
}
