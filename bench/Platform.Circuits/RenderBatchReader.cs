using System.Text;

namespace Platform.Circuits;

/// <summary>An event handler the server attached to an element, and what a person would read on that element.</summary>
public sealed record EventHandlerInfo(ulong Id, string EventName, string Label);

/// <summary>
/// Reads the parts of Blazor's binary render batch a simulated person needs: the event handlers in the reference frames
/// (with the element's aria-label, or its text, to find "the button that says X") and the handlers the batch disposed.
/// The layout is the one blazor.web.js reads: fixed 20-byte frames, a string table, five offsets at the end.
/// </summary>
public static class RenderBatchReader
{
    private const int FrameSize = 20;
    private const int Element = 1, Text = 2, Attribute = 3, Markup = 8;

    public static (List<EventHandlerInfo> Added, List<ulong> Disposed) Read(byte[] batch)
    {
        var footer = batch.Length - 20;
        var referenceFramesOffset = BitConverter.ToInt32(batch, footer + 4);
        var disposedHandlersOffset = BitConverter.ToInt32(batch, footer + 12);
        var stringTableOffset = BitConverter.ToInt32(batch, footer + 16);
        string? Str(int index)
        {
            if (index < 0)
            {
                return null;
            }
            var at = BitConverter.ToInt32(batch, stringTableOffset + index * 4);
            using var reader = new BinaryReader(new MemoryStream(batch, at, batch.Length - at), Encoding.UTF8);
            return reader.ReadString();
        }

        var added = new List<EventHandlerInfo>();
        var frameCount = BitConverter.ToInt32(batch, referenceFramesOffset);
        var frames = referenceFramesOffset + 4;
        int Type(int i) => BitConverter.ToInt32(batch, frames + i * FrameSize);
        int Int(int i, int field) => BitConverter.ToInt32(batch, frames + i * FrameSize + 4 + field * 4);
        for (var i = 0; i < frameCount; i++)
        {
            if (Type(i) == Element)
            {
                var subtree = Int(i, 0);
                var handlers = new List<(ulong, string)>();
                string? label = null;
                var j = i + 1;
                for (; j < frameCount && j < i + subtree && Type(j) == Attribute; j++)
                {
                    var name = Str(Int(j, 0)) ?? "";
                    var handler = BitConverter.ToUInt64(batch, frames + j * FrameSize + 12);
                    if (handler != 0 && name.StartsWith("on", StringComparison.Ordinal))
                    {
                        handlers.Add((handler, name[2..]));
                    }
                    else if (name is "aria-label" or "placeholder" or "name")
                    {
                        label ??= Str(Int(j, 1));
                    }
                }
                if (handlers.Count > 0)
                {
                    label ??= TextOf(i + 1, Math.Min(frameCount, i + subtree));
                    added.AddRange(handlers.Select(h => new EventHandlerInfo(h.Item1, h.Item2, label ?? "")));
                }
            }
            else if (Type(i) == Attribute)
            {
                // A handler set by an edit on an element already in the page: no element frame beside it.
                var handler = BitConverter.ToUInt64(batch, frames + i * FrameSize + 12);
                var name = Str(Int(i, 0)) ?? "";
                if (handler != 0 && name.StartsWith("on", StringComparison.Ordinal) && (i == 0 || Type(i - 1) != Element && Type(i - 1) != Attribute))
                {
                    added.Add(new EventHandlerInfo(handler, name[2..], ""));
                }
            }
        }

        string TextOf(int from, int to)
        {
            var text = new StringBuilder();
            for (var k = from; k < to && text.Length < 200; k++)
            {
                if (Type(k) is Text or Markup)
                {
                    text.Append(Str(Int(k, 0))).Append(' ');
                }
            }
            return text.ToString().Trim();
        }

        var disposedCount = BitConverter.ToInt32(batch, disposedHandlersOffset);
        var disposed = new List<ulong>(disposedCount);
        for (var i = 0; i < disposedCount; i++)
        {
            disposed.Add(BitConverter.ToUInt64(batch, disposedHandlersOffset + 4 + i * 8));
        }
        return (added, disposed);
    }
}
