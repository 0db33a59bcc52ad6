using System.Text;

namespace Platform.Core.Common;

/// <summary>
/// How every status is named to people: its enum name in words, "PartiallyRefunded" as "Partially refunded". Pages,
/// badges and messages all name a status through here, so it reads the same everywhere.
/// </summary>
public static class StatusNames
{
    public static string Of(Enum status) => Words(status.ToString());

    /// <summary>The name in lower case, for the middle of a sentence ("is partially refunded").</summary>
    public static string InSentence(Enum status) => Of(status).ToLowerInvariant();

    /// <summary>Splits a PascalCase name into words, keeping the first capital: "InTransit" becomes "In transit".</summary>
    public static string Words(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }
        return words.ToString();
    }
}
