using System.Collections.Concurrent;
using System.Text;

namespace CoCreation.EventStore;

/// <summary>
/// Maps CLR event types to stable stored names. Unregistered types get a kebab-case name
/// derived from the type name (<c>PriceSubmitted</c> → <c>price-submitted</c>).
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<Type, string> _names = new();
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="name"/> (or its derived name).</summary>
    public EventTypeRegistry Add<T>(string? name = null) => Add(typeof(T), name);

    /// <summary>Registers <paramref name="type"/> under <paramref name="name"/> (or its derived name).</summary>
    public EventTypeRegistry Add(Type type, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        name ??= DeriveName(type);
        if (_types.TryGetValue(name, out var existing) && existing != type)
        {
            throw new InvalidOperationException($"Event name '{name}' is already registered for {existing.FullName}.");
        }
        _names[type] = name;
        _types[name] = type;
        return this;
    }

    /// <summary>The stored name of <paramref name="type"/>, registering it on first use.</summary>
    public string NameOf(Type type)
    {
        if (_names.TryGetValue(type, out var name)) return name;
        Add(type);
        return _names[type];
    }

    /// <summary>The CLR type stored under <paramref name="name"/>, or null when none is registered.</summary>
    public Type? TypeOf(string name) => _types.GetValueOrDefault(name);

    internal static string DeriveName(Type type)
    {
        var source = type.Name;
        var builder = new StringBuilder(source.Length + 8);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsUpper(c))
            {
                if (i > 0) builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
