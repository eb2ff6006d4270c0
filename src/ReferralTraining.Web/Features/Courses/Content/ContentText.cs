using System.Text;

namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// Reads a content file as strict UTF-8. File.ReadAllText would silently turn a bad byte into U+FFFD,
/// which changes the text (and the content hash) without anyone noticing; here it is an error naming the
/// file, the line and the byte.
/// </summary>
public static class ContentText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text (a leading byte-order mark removed), or null with an error if it is not valid UTF-8.</summary>
    public static string? Read(string path, string file, List<ContentError> errors)
    {
        var bytes = File.ReadAllBytes(path);
        return Decode(bytes, file, errors);
    }

    public static string? Decode(byte[] bytes, string file, List<ContentError> errors)
    {
        var invalid = FirstInvalidByte(bytes);
        if (invalid >= 0)
        {
            var before = bytes.AsSpan(0, invalid);
            var line = 1 + before.Count((byte)'\n');
            var column = invalid - before.LastIndexOf((byte)'\n'); // 1-based: LastIndexOf is -1 on the first line
            errors.Add(new ContentError(file, line,
                $"Invalid UTF-8: byte 0x{bytes[invalid]:X2} at byte {column} of the line (byte {invalid + 1} of the file); save the file as UTF-8."));
            return null;
        }
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
        return Strict.GetString(bytes, start, bytes.Length - start);
    }

    /// <summary>Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or -1.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }
            // Lead byte: sequence length and the allowed range of the second byte (no overlongs, surrogates or > U+10FFFF).
            var (length, low, high) = b switch
            {
                >= 0xC2 and <= 0xDF => (2, 0x80, 0xBF),
                0xE0 => (3, 0xA0, 0xBF),
                >= 0xE1 and <= 0xEC or 0xEE or 0xEF => (3, 0x80, 0xBF),
                0xED => (3, 0x80, 0x9F),
                0xF0 => (4, 0x90, 0xBF),
                >= 0xF1 and <= 0xF3 => (4, 0x80, 0xBF),
                0xF4 => (4, 0x80, 0x8F),
                _ => (0, 0, 0),
            };
            if (length == 0)
            {
                return i;
            }
            for (var k = 1; k < length; k++)
            {
                if (i + k >= bytes.Length)
                {
                    return i;
                }
                var c = bytes[i + k];
                if (k == 1 ? c < low || c > high : c < 0x80 || c > 0xBF)
                {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
