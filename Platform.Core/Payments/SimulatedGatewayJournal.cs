using System.Text.Json;

namespace Platform.Core.Payments;

/// <summary>One thing the simulated gateway remembers. <see cref="Kind"/> says which fields are set.</summary>
public sealed record GatewayJournalEntry(
    string Kind,
    string? Token = null,
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
}

/// <summary>
/// What the simulated gateway keeps on its side, as a real gateway does: saved cards, the first answer to every
/// charge, refund and payout under its idempotency key, and the webhook events not yet acknowledged. One JSON object
/// per line, appended as it happens and read back at start, so after a restart saved cards still charge, a repeated
/// key still gets its first answer and undelivered events are sent again. A line torn by a crash is skipped.
/// </summary>
public sealed class SimulatedGatewayJournal : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _path;
    private readonly Lock _lock = new();
    private StreamWriter? _writer;

    public SimulatedGatewayJournal(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
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
                yield return entry;
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
