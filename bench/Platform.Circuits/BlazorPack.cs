using System.Buffers.Binary;
using System.Text;

namespace Platform.Circuits;

/// <summary>
/// The Blazor hub's wire format ("blazorpack"): SignalR's MessagePack hub protocol, each message a MessagePack array
/// behind a variable-length size. Only what a circuit needs: writing invocations of strings, integers, booleans and nil,
/// and reading any MessagePack value (bin arrives as byte[], arrays as object?[], maps are skipped to null).
/// </summary>
public static class BlazorPack
{
    public const int Invocation = 1, Completion = 3, Ping = 6, Close = 7;

    public static byte[] Invoke(string? invocationId, string target, params object?[] arguments)
    {
        var body = new List<byte>(128);
        ArrayHeader(body, 6);
        Int(body, Invocation);
        body.Add(0x80); // no headers
        Value(body, invocationId);
        Value(body, target);
        ArrayHeader(body, arguments.Length);
        foreach (var argument in arguments)
        {
            Value(body, argument);
        }
        ArrayHeader(body, 0); // no streams
        return Framed(body);
    }

    public static byte[] PingMessage()
    {
        var body = new List<byte>();
        ArrayHeader(body, 1);
        Int(body, Ping);
        return Framed(body);
    }

    private static byte[] Framed(List<byte> body)
    {
        var framed = new List<byte>(body.Count + 5);
        var length = (uint)body.Count;
        do
        {
            var b = (byte)(length & 0x7f);
            length >>= 7;
            framed.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
        framed.AddRange(body);
        return [.. framed];
    }

    /// <summary>Splits a received buffer into messages; returns how many bytes it consumed (the rest waits for more).</summary>
    public static int ReadMessages(ReadOnlySpan<byte> buffer, List<object?[]> messages)
    {
        var consumed = 0;
        while (true)
        {
            var rest = buffer[consumed..];
            uint length = 0;
            var shift = 0;
            var prefix = 0;
            while (true)
            {
                if (prefix >= rest.Length)
                {
                    return consumed;
                }
                var b = rest[prefix++];
                length |= (uint)(b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }
            if (rest.Length - prefix < length)
            {
                return consumed;
            }
            var position = 0;
            var message = Read(rest.Slice(prefix, (int)length), ref position) as object?[] ?? [];
            messages.Add(message);
            consumed += prefix + (int)length;
        }
    }

    private static void ArrayHeader(List<byte> to, int count)
    {
        if (count < 16)
        {
            to.Add((byte)(0x90 | count));
        }
        else
        {
            to.Add(0xdc);
            to.Add((byte)(count >> 8));
            to.Add((byte)count);
        }
    }

    private static void Int(List<byte> to, long value)
    {
        if (value is >= 0 and < 128)
        {
            to.Add((byte)value);
            return;
        }
        to.Add(0xd3);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        to.AddRange(bytes.ToArray());
    }

    private static void Value(List<byte> to, object? value)
    {
        switch (value)
        {
            case null:
                to.Add(0xc0);
                break;
            case bool b:
                to.Add(b ? (byte)0xc3 : (byte)0xc2);
                break;
            case int i:
                Int(to, i);
                break;
            case long l:
                Int(to, l);
                break;
            case string s:
                var bytes = Encoding.UTF8.GetBytes(s);
                if (bytes.Length < 32)
                {
                    to.Add((byte)(0xa0 | bytes.Length));
                }
                else if (bytes.Length < 256)
                {
                    to.Add(0xd9);
                    to.Add((byte)bytes.Length);
                }
                else if (bytes.Length < 65536)
                {
                    to.Add(0xda);
                    to.Add((byte)(bytes.Length >> 8));
                    to.Add((byte)bytes.Length);
                }
                else
                {
                    to.Add(0xdb);
                    Span<byte> size = stackalloc byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(size, bytes.Length);
                    to.AddRange(size.ToArray());
                }
                to.AddRange(bytes);
                break;
            default:
                throw new ArgumentException($"cannot write {value.GetType()}");
        }
    }

    private static object? Read(ReadOnlySpan<byte> data, ref int p)
    {
        var code = data[p++];
        switch (code)
        {
            case <= 0x7f: return (long)code;
            case >= 0xe0: return (long)(sbyte)code;
            case >= 0xa0 and <= 0xbf: return Str(data, ref p, code & 0x1f);
            case >= 0x90 and <= 0x9f: return Array(data, ref p, code & 0x0f);
            case >= 0x80 and <= 0x8f: return Map(data, ref p, code & 0x0f);
        }
        switch (code)
        {
            case 0xc0: return null;
            case 0xc2: return false;
            case 0xc3: return true;
            case 0xc4: return Bin(data, ref p, data[p++]);
            case 0xc5: return Bin(data, ref p, Big16(data, ref p));
            case 0xc6: return Bin(data, ref p, Big32(data, ref p));
            case 0xca: p += 4; return 0d;
            case 0xcb: var d = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(data[p..])); p += 8; return d;
            case 0xcc: return (long)data[p++];
            case 0xcd: return (long)Big16(data, ref p);
            case 0xce: return (long)(uint)Big32(data, ref p);
            case 0xcf: var u = BinaryPrimitives.ReadUInt64BigEndian(data[p..]); p += 8; return (long)u;
            case 0xd0: return (long)(sbyte)data[p++];
            case 0xd1: var s16 = BinaryPrimitives.ReadInt16BigEndian(data[p..]); p += 2; return (long)s16;
            case 0xd2: var s32 = BinaryPrimitives.ReadInt32BigEndian(data[p..]); p += 4; return (long)s32;
            case 0xd3: var s64 = BinaryPrimitives.ReadInt64BigEndian(data[p..]); p += 8; return s64;
            case 0xd9: return Str(data, ref p, data[p++]);
            case 0xda: return Str(data, ref p, Big16(data, ref p));
            case 0xdb: return Str(data, ref p, Big32(data, ref p));
            case 0xdc: return Array(data, ref p, Big16(data, ref p));
            case 0xdd: return Array(data, ref p, Big32(data, ref p));
            case 0xde: return Map(data, ref p, Big16(data, ref p));
            case 0xdf: return Map(data, ref p, Big32(data, ref p));
            default: throw new InvalidDataException($"MessagePack code 0x{code:x2} is not expected from the Blazor hub");
        }
    }

    private static int Big16(ReadOnlySpan<byte> data, ref int p)
    {
        var v = BinaryPrimitives.ReadUInt16BigEndian(data[p..]);
        p += 2;
        return v;
    }

    private static int Big32(ReadOnlySpan<byte> data, ref int p)
    {
        var v = BinaryPrimitives.ReadInt32BigEndian(data[p..]);
        p += 4;
        return v;
    }

    private static string Str(ReadOnlySpan<byte> data, ref int p, int length)
    {
        var s = Encoding.UTF8.GetString(data.Slice(p, length));
        p += length;
        return s;
    }

    private static byte[] Bin(ReadOnlySpan<byte> data, ref int p, int length)
    {
        var b = data.Slice(p, length).ToArray();
        p += length;
        return b;
    }

    private static object?[] Array(ReadOnlySpan<byte> data, ref int p, int count)
    {
        var items = new object?[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = Read(data, ref p);
        }
        return items;
    }

    private static object? Map(ReadOnlySpan<byte> data, ref int p, int count)
    {
        for (var i = 0; i < count * 2; i++)
        {
            Read(data, ref p);
        }
        return null;
    }
}
