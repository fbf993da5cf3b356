package org.hemamet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one CSV layer: RFC 4180 parsing with line numbers, typed rows, byte-stable writing. */
class CsvTest {
    record Row(String name, int n, Double x, Boolean flag, String note) {}

    @Test
    void rowsKeepTheLineTheyStartOnAcrossQuotedLineBreaks() {
        List<Csv.Row> rows = Csv.parse("a,b\r\n\"x\ny\",\"q\"\"r\"\n\nlast,1\n");
        assertThat(rows).extracting(Csv.Row::line).containsExactly(1, 2, 4, 5);
        assertThat(rows.get(1).cells()).containsExactly("x\ny", "q\"r");
        assertThat(rows.get(2).isBlank()).isTrue();
        assertThat(rows.get(3).cells()).containsExactly("last", "1");
    }

    @Test
    void aLatin1FileIsRefusedNamingItsLineAndTheByte(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cohort.csv");
        Files.write(f, "patient_id,sex\nP1,M\nP2,F\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Csv.parse(f)).isInstanceOfSatisfying(Csv.CsvException.class, e -> {
            assertThat(e.file()).isEqualTo(f);
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.reason()).contains("0xE9 is not UTF-8").contains("Latin-1");
        });
    }

    @Test
    void aByteOrderMarkIsDropped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.write(f, "\uFEFFa,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Csv.parse(f).get(0).cells()).containsExactly("a", "b");
    }

    @Test
    void anUnterminatedQuoteIsReportedOnTheLineItsRecordStarts() {
        assertThatThrownBy(() -> Csv.parse("a,b\n1,2\n3,\"open\n\n"))
                .isInstanceOfSatisfying(Csv.CsvException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo("unterminated quoted field");
                })
                .hasMessage("line 3: unterminated quoted field");
    }

    @Test
    void typedRowsRoundTripAndBadFieldsNameFileAndLine(@TempDir Path dir) throws Exception {
        List<Row> rows = List.of(
                new Row("a b", 1, 0.1, true, ""),
                new Row("c,d", 2, Double.NaN, null, "x"),
                new Row("e", 3, null, false, ""));
        String text = Csv.write(Row.class, rows);
        assertThat(text).isEqualTo("name,n,x,flag,note\n\"a b\",1,0.1,true,\n\"c,d\",2,NaN,,x\ne,3,,false,\n");
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text);
        assertThat(Csv.read(f, Row.class)).containsExactlyElementsOf(rows);
        assertThat(Csv.columns(Row.class)).containsExactly("name", "n", "x", "flag", "note");

        Files.writeString(f, "name,n,x,flag,note,extra\ne,3,,false,,ignored\n\"two\nlines\",zz,,,,\n");
        assertThat(Csv.convert(f, Csv.readTable(f).records().get(0), Row.class))
                .isEqualTo(new Row("e", 3, null, false, ""));
        assertThatThrownBy(() -> Csv.read(f, Row.class))
                .isInstanceOf(Csv.CsvException.class)
                .hasMessage(f + " line 3: n: \"zz\" is not a whole number");
        Files.writeString(f, "name,n\na,1,extra\n");
        assertThatThrownBy(() -> Csv.read(f, Row.class)).hasMessage(f + " line 2: 3 fields, the header has 2 columns");
    }

    @Test
    void aMissingOrEmptyFileHasNoRowsAndNoRowsStillWriteTheHeader(@TempDir Path dir) throws Exception {
        assertThat(Csv.read(dir.resolve("none.csv"), Row.class)).isEmpty();
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThat(Csv.read(empty, Row.class)).isEmpty();
        assertThat(Csv.write(Row.class, List.of())).isEqualTo("name,n,x,flag,note\n");
    }

    @Test
    void aTableCutShortAnywhereIsRefusedOrIsAWholePrefixOfItsRows(@TempDir Path dir) throws Exception {
        List<Row> rows = List.of(
                new Row("a b", 1, 0.125, true, "one"),
                new Row("c,d", 22, Double.NaN, null, "x\ny"),
                new Row("e", 333, null, false, "last"));
        byte[] whole = Csv.write(Row.class, rows).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path f = dir.resolve("results.csv");
        int refused = 0;
        for (int cut = 1; cut < whole.length; cut++) {
            Files.write(f, java.util.Arrays.copyOf(whole, cut));
            try {
                List<Row> read = Csv.read(f, Row.class);
                assertThat(whole[cut - 1]).as("cut at %d read as %s", cut, read).isEqualTo((byte) '\n');
                assertThat(read).isEqualTo(rows.subList(0, read.size()));
            } catch (Csv.CsvException e) {
                assertThat(e.file()).isEqualTo(f);
                assertThat(e.reason()).contains("cut short");
                refused++;
            }
        }
        assertThat(refused).isEqualTo(whole.length - 4); // all but the cuts after the header and rows 1-2
        Files.write(f, whole);
        assertThat(Csv.read(f, Row.class)).isEqualTo(rows);
    }

    @Test
    void aRowShorterThanItsHeaderIsRefusedInAWrittenTableButNotInAUsersTable(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("split.csv");
        Files.writeString(f, "name,n,x,flag,note\na,1,0.5,true,\nb,2\n");
        assertThatThrownBy(() -> Csv.readTable(f))
                .hasMessage(f + " line 3: 2 fields, the header has 5 columns (the file is cut short: written or"
                        + " copied incompletely?)");
        assertThat(Csv.table(Csv.parse(f)).records()).hasSize(2);
    }

    @Test
    void minimalQuotingQuotesOnlyWhatNeedsIt() {
        List<List<String>> rows = List.of(List.of("a b", "x,y"), List.of("say \"hi\"", "(1)"));
        assertThat(Csv.write(List.of("p", "q"), rows, Csv.Quoting.MINIMAL))
                .isEqualTo("p,q\na b,\"x,y\"\n\"say \"\"hi\"\"\",(1)\n");
        assertThat(Csv.write(List.of("p", "q"), rows, Csv.Quoting.DEFAULT))
                .isEqualTo("p,q\n\"a b\",\"x,y\"\n\"say \"\"hi\"\"\",\"(1)\"\n");
    }
}
