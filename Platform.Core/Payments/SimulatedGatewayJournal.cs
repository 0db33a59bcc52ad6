using System.Text.Json;

namespace Platform.Core.Payments;

/// <summary>One thing the simulated gateway remembers. <see cref="Kind"/> says which fields are set.</summary>
public sealed record GatewayJournalEntry(
    string Kind,
    string? Token = null,
    string? Brand = null,
    string? Last4 = null,
    string? Behaviour = null,
    string? CardNumber = null,
    ChargeRequest? Charge = null,
    ChargeResult? ChargeResult = null,
    RefundRequest? Refund = null,
    RefundResult? RefundResult = null,
    PayoutRequest? Payout = null,
    PayoutResult? PayoutResult = null,
    GatewayEvent? Event = null)
{
    public const string Card = "card";
    public const string ChargeKind = "charge";
    public const string RefundKind = "refund";
    public const string PayoutKind = "payout";
    public const string EventKind = "event";
    public const string Delivered = "delivered";

    /// <summary>A saved card as the gateway keeps it: token, brand, last four digits and what it does.</summary>
    public static GatewayJournalEntry SavedCard(string token, string number) =>
        new(Card, Token: token, Brand: CardBehaviour.Brand(number), Last4: number[^4..], Behaviour: CardBehaviour.Of(number));

    /// <summary>
    /// Journals written before cards were kept without their number hold the full number (<see cref="CardNumber"/>):
    /// such a line is read as the card it describes, and the number is dropped.
    /// </summary>
    public GatewayJournalEntry WithoutCardNumber() =>
        Kind == Card && CardNumber is { Length: >= 4 } number && Token is { } token ? SavedCard(token, number) : this;
}

/// <summary>
/// What the simulated gateway keeps on its side, as a real gateway does: saved cards, the first answer to every
/// charge, refund and payout under its idempotency key, and the webhook events not yet acknowledged. One JSON object
/// per line, appended as it happens and read back at start, so after a restart saved cards still charge, a repeated
/// key still gets its first answer and undelivered events are sent again. A line torn by a crash is skipped.
/// </summary>
public sealed class SimulatedGatewayJournal : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _path;
    private readonly Lock _lock = new();
    private StreamWriter? _writer;

    public SimulatedGatewayJournal(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        ScrubCardNumbers();
    }

    /// <summary>
    /// A journal from before cards were kept without their number is rewritten once, each card line as token, brand,
    /// last four and behaviour, so no full number stays on disk. Written beside it and moved over it, so a crash leaves
    /// the old journal or the new one, never half of each.
    /// </summary>
    private void ScrubCardNumbers()
    {
        if (!File.Exists(_path) || !File.ReadLines(_path).Any(l => l.Contains("\"cardNumber\":\"", StringComparison.Ordinal)))
        {
            return;
        }
        var scrubbed = _path + ".scrubbed";
        File.WriteAllLines(scrubbed, ReadAll().Select(e => JsonSerializer.Serialize(e, Json)));
        File.Move(scrubbed, _path, overwrite: true);
    }

    public IEnumerable<GatewayJournalEntry> ReadAll()
    {
        if (!File.Exists(_path))
        {
            yield break;
        }
        foreach (var line in File.ReadLines(_path))
        {
            GatewayJournalEntry? entry = null;
            try
            {
                entry = JsonSerializer.Deserialize<GatewayJournalEntry>(line, Json);
            }
            catch (JsonException)
            {
                // torn write at a crash: the operation it described never answered, so it never happened
            }
            if (entry is not null)
            {
                yield return entry.WithoutCardNumber();
            }
        }
    }

    public void Append(GatewayJournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, Json);
        lock (_lock)
        {
            _writer ??= Open();
            _writer.Write(line + "\n");
        }
    }

    private StreamWriter Open()
    {
        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var tornTail = stream.Length > 0 && EndsWithoutNewline(stream);
        stream.Seek(0, SeekOrigin.End);
        var writer = new StreamWriter(stream) { AutoFlush = true };
        if (tornTail)
        {
            writer.Write("\n"); // end the torn line, so the next entry starts clean
        }
        return writer;
    }

    private static bool EndsWithoutNewline(FileStream stream)
    {
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
