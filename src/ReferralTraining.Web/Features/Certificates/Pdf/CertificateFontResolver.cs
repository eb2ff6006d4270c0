using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace ReferralTraining.Web.Features.Certificates.Pdf;

/// <summary>
/// Serves the DejaVu Sans and DejaVu Sans Mono TTFs embedded in this assembly (Fonts/, Bitstream Vera license in
/// Fonts/LICENSE.txt) to PDFsharp. PDFsharp's Core build finds no fonts on Linux by itself, so every PDF we draw needs
/// this resolver; it never reads fonts from the machine, so the output is the same in the container, on a developer's
/// machine and in CI. Italic is simulated (slanted) from the upright faces; any unknown family falls back to DejaVu Sans.
/// </summary>
public sealed class CertificateFontResolver : IFontResolver
{
    /// <summary>The proportional family used for all running text.</summary>
    public const string Sans = "DejaVu Sans";

    /// <summary>The monospaced family used for verification codes.</summary>
    public const string Mono = "DejaVu Sans Mono";

    private const string ResourcePrefix = "ReferralTraining.Web.Fonts.";
    private static readonly Lock Gate = new();
    private static volatile bool registered;
    private static readonly ConcurrentDictionary<string, byte[]> Faces = new(StringComparer.Ordinal);

    /// <summary>The one instance handed to PDFsharp.</summary>
    public static CertificateFontResolver Instance { get; } = new();

    private CertificateFontResolver()
    {
    }

    /// <summary>
    /// Installs the resolver in <see cref="GlobalFontSettings"/>. PDFsharp allows this only once per process (and only
    /// before the first font is used), so this is idempotent and safe to call from any thread, as often as you like.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another font resolver was installed first.</exception>
    public static void EnsureRegistered()
    {
        if (registered)
        {
            return;
        }
        lock (Gate)
        {
            if (registered)
            {
                return;
            }
            var current = GlobalFontSettings.FontResolver;
            if (current is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (!ReferenceEquals(current, Instance))
            {
                throw new InvalidOperationException(
                    $"PDFsharp already has a font resolver ({current.GetType().FullName}); certificate PDFs need {nameof(CertificateFontResolver)}.");
            }
            registered = true;
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var mono = string.Equals(familyName, Mono, StringComparison.OrdinalIgnoreCase);
        var face = (mono ? "DejaVuSansMono" : "DejaVuSans") + (bold ? "-Bold" : "");
        return new FontResolverInfo(face, mustSimulateBold: false, mustSimulateItalic: italic);
    }

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => Faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        using var stream = typeof(CertificateFontResolver).Assembly.GetManifestResourceStream($"{ResourcePrefix}{faceName}.ttf")
            ?? throw new InvalidOperationException($"Font '{faceName}' is not embedded in the assembly.");
        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
