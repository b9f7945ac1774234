using SkiaSharp;

namespace CallResponse.Cases.Photos;

/// <summary>
/// A photo is decoded and encoded anew in its own format before it is stored: only the pixels are kept,
/// never what the camera wrote beside them (EXIF: where it was taken, the device). The EXIF orientation
/// is applied to the pixels first, so a phone's upright photo stays upright.
/// </summary>
public static class PhotoImages
{
    /// <summary>What is taken, by media type.</summary>
    public static readonly IReadOnlyDictionary<string, SKEncodedImageFormat> Formats =
        new Dictionary<string, SKEncodedImageFormat>(StringComparer.OrdinalIgnoreCase)
        {
            ["image/jpeg"] = SKEncodedImageFormat.Jpeg,
            ["image/png"] = SKEncodedImageFormat.Png,
            ["image/webp"] = SKEncodedImageFormat.Webp,
        };

    /// <summary>
    /// Decoding a few MB of PNG can take gigabytes (a 5 MB file of 30,000 × 30,000 pixels): 50 megapixels is
    /// more than a phone's camera takes.
    /// </summary>
    private const long MaxPixels = 50_000_000;

    /// <summary>The photo re-encoded, or null when the bytes are not an image of at most 50 megapixels.</summary>
    public static byte[]? Reencode(byte[] bytes, SKEncodedImageFormat format)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return null;
        }

        using var turned = Turned(decoded, codec.EncodedOrigin);
        using var encoded = (turned ?? decoded).Encode(format, 85);
        return encoded?.ToArray();
    }

    /// <summary>The bitmap drawn upright, or null when it is upright already.</summary>
    private static SKBitmap? Turned(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var (w, h) = (bitmap.Width, bitmap.Height);
        // Skia's own table (SkEncodedOriginToMatrix): where each origin's pixel lands when drawn upright.
        SKMatrix? matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (matrix is not { } turn)
        {
            return null;
        }

        var swapped = origin >= SKEncodedOrigin.LeftTop;
        var upright = new SKBitmap(swapped ? h : w, swapped ? w : h, bitmap.ColorType, bitmap.AlphaType);
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(turn);
        canvas.DrawBitmap(bitmap, 0, 0);
        return upright;
    }
}
