package dev.hangdoctor.cpython.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.cpython.layout.ObjectLayouts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DictReaderTest {

  private static List<DictItem> items(Image image, long dict) throws UnreadableException {
    return reader(image).items(dict);
  }

  private static DictReader reader(Image image) {
    return new DictReader(new Remote(image.memory(), image.layout), image.dictType);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void combinedStrKeyedDictGivesItsEntriesInInsertionOrder(int minor) throws Exception {
    Image image = new Image(minor);
    long dict = image.strDict("alpha", 0x1000L, "threading", 0x2000L, "gamma", 0x3000L);
    long keys = image.memory().readLong(dict + image.dict.maKeys());
    image.setIndex(keys, 0, 2);
    image.setIndex(keys, 5, 0);
    image.setIndex(keys, 2, ObjectLayouts.DKIX_EMPTY);
    image.setIndex(keys, 7, 1);
    image.setIndex(keys, 1, ObjectLayouts.DKIX_EMPTY);

    List<DictItem> items = items(image, dict);

    assertThat(items).extracting(DictItem::value).containsExactly(0x1000L, 0x2000L, 0x3000L);
    Remote remote = new Remote(image.memory(), image.layout);
    assertThat(reader(image).find(items, new StrDecoder(remote, 0), "threading")).isEqualTo(0x2000);
    assertThat(reader(image).find(items, new StrDecoder(remote, 0), "threadin")).isZero();
  }

  @Test
  void generalEntriesCarryAnyKeys() throws Exception {
    Image image = new Image(12);
    long one = image.integer(1);
    long two = image.integer(2);
    long dict = image.dict(image.keys(ObjectLayouts.DICT_KEYS_GENERAL, one, 0x10L, two, 0x20L), 0);

    assertThat(items(image, dict))
        .containsExactly(new DictItem(0, one, 0x10), new DictItem(1, two, 0x20));
  }

  @Test
  void deletedEntriesAreSkipped() throws Exception {
    Image image = new Image(11);
    long keys = image.keys(ObjectLayouts.DICT_KEYS_GENERAL, 0x100, 0x10, 0x200, 0x20, 0x300, 0x30);
    image.setIndex(keys, 1, ObjectLayouts.DKIX_DUMMY);
    long deleted = image.entry(keys, 1);
    image.putLong(deleted + image.dict.generalEntryKey(), 0);
    image.putLong(deleted + image.dict.generalEntryValue(), 0);

    assertThat(items(image, image.dict(keys, 0)))
        .extracting(DictItem::key)
        .containsExactly(0x100L, 0x300L);
  }

  @Test
  void indicesOutOfRangeOrRepeatedAreIgnored() throws Exception {
    Image image = new Image(13);
    long keys = image.keys(ObjectLayouts.DICT_KEYS_GENERAL, 0x100, 0x10, 0x200, 0x20);
    image.setIndex(keys, 2, 5);
    image.setIndex(keys, 3, 0);
    image.setIndex(keys, 4, 127);
    image.setIndex(keys, 5, -7);

    assertThat(items(image, image.dict(keys, 0)))
        .containsExactly(new DictItem(0, 0x100, 0x10), new DictItem(1, 0x200, 0x20));
  }

  @Test
  void aWideIndexTableIsReadWithTwoBytesPerSlot() throws Exception {
    Image image = new Image(12);
    long[] pairs = new long[2 * 200];
    for (int i = 0; i < 200; i++) {
      pairs[2 * i] = 0x1000 + 16 * i;
      pairs[2 * i + 1] = 0x8000 + 16 * i;
    }
    long dict = image.dict(image.keys(ObjectLayouts.DICT_KEYS_GENERAL, pairs), 0);

    List<DictItem> items = items(image, dict);

    assertThat(items).hasSize(200);
    assertThat(items.get(199)).isEqualTo(new DictItem(199, 0x1000 + 16 * 199, 0x8000 + 16 * 199));
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void splitTableTakesValuesFromItsValuesArray(int minor) throws Exception {
    Image image = new Image(minor);
    long keys = image.splitKeys("_target", "_name", "_ident");
    long dict = image.dict(keys, image.values(0x10, 0, 0x30));

    assertThat(items(image, dict)).extracting(DictItem::value).containsExactly(0x10L, 0x30L);
  }

  @Test
  void theValuesCapacityBoundsWhatIsRead() throws Exception {
    Image image = new Image(13);
    long keys = image.splitKeys("a", "b", "c");
    long values = image.values(0x10, 0x20, 0x30);
    image.putByte(values + image.dict.valuesCapacity(), 1);

    assertThat(items(image, image.dict(keys, values)))
        .extracting(DictItem::value)
        .containsExactly(0x10L);
  }

  @Test
  void inconsistentHeadersAreRejected() throws Exception {
    Image image = new Image(12);
    long splitKeys = image.splitKeys("a");
    long combinedKeys = image.keys(ObjectLayouts.DICT_KEYS_UNICODE, image.str("a"), 0x10);
    long hugeSize = image.keys(ObjectLayouts.DICT_KEYS_GENERAL);
    image.putByte(hugeSize + image.dict.keysLog2Size(), 40);
    long wrongIndexBytes = image.keys(ObjectLayouts.DICT_KEYS_GENERAL);
    image.putByte(wrongIndexBytes + image.dict.keysLog2IndexBytes(), 7);
    long tooManyEntries = image.keys(ObjectLayouts.DICT_KEYS_GENERAL);
    image.putLong(tooManyEntries + image.dict.keysEntryCount(), 6);
    long badKind = image.keys(7);

    assertRejected(image, image.dict(splitKeys, 0), "kind 2");
    assertRejected(image, image.dict(combinedKeys, image.values(0x10)), "kind 1");
    assertRejected(image, image.dict(hugeSize, 0), "log2 size");
    assertRejected(image, image.dict(wrongIndexBytes, 0), "index bytes");
    assertRejected(image, image.dict(tooManyEntries, 0), "entry count");
    assertRejected(image, image.dict(badKind, 0), "kind 7");
  }

  @Test
  void garbagePointersAreRejected() {
    Image image = new Image(11);
    long notADict = image.object(image.strType, 64);
    long unmappedKeys = image.dict(0x7f00_0000_0000L, 0);
    long oddValues = image.dict(image.splitKeys("a"), 0x1235);

    assertRejected(image, notADict, "wrong type");
    assertRejected(image, unmappedKeys, "not recorded");
    assertRejected(image, oddValues, "not a pointer");
    assertRejected(image, 0, "not a pointer");
    assertRejected(image, 0x7f00_0000_0000L, "not recorded");
  }

  @Test
  void aDictWhoseKeysPointBackAtItselfIsRejected() {
    Image image = new Image(12);
    long dict = image.object(image.dictType, 48);
    image.putLong(dict + image.dict.maKeys(), dict);

    assertRejected(image, dict, "dict keys");
  }

  private static void assertRejected(Image image, long dict, String why) {
    assertThatThrownBy(() -> items(image, dict))
        .isInstanceOf(UnreadableException.class)
        .hasMessageContaining(why);
  }
}
