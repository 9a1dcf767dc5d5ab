/**
 * Test data for the agreement suite with xmllint: schemas with a valid document each, covering
 * datatypes, facets, enumerations, attributes, content models, mixed content, identity
 * constraints, include and import, namespaces, DTD content models and attribute types, ID/IDREF
 * and RELAX NG. The suite mutates each document line by line (mutations.ts).
 */

export interface MutationCase {
  name: string;
  /** How xmllint is told the schema, and how xmlpool is. */
  check:
    | { kind: 'xsd' | 'rng'; schema: string }
    | { kind: 'dtd-file'; schema: string }
    | { kind: 'dtd-doctype' };
  /** Schema files by name (relative paths, written side by side). */
  files: Record<string, string>;
  /** A valid document, one element or text per line where it matters. */
  document: string;
}

const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';

export const MUTATION_CASES: MutationCase[] = [
  {
    name: 'datatypes',
    check: { kind: 'xsd', schema: 'types.xsd' },
    files: {
      'types.xsd': `<xs:schema ${XS}>
  <xs:element name="values"><xs:complexType><xs:sequence>
    <xs:element name="int" type="xs:int"/>
    <xs:element name="dec" type="xs:decimal"/>
    <xs:element name="date" type="xs:date"/>
    <xs:element name="time" type="xs:dateTime"/>
    <xs:element name="flag" type="xs:boolean"/>
    <xs:element name="pos" type="xs:positiveInteger"/>
    <xs:element name="byte" type="xs:byte"/>
    <xs:element name="token" type="xs:NCName"/>
    <xs:element name="uri" type="xs:anyURI"/>
    <xs:element name="list"><xs:simpleType><xs:list itemType="xs:int"/></xs:simpleType></xs:element>
    <xs:element name="union"><xs:simpleType><xs:union memberTypes="xs:int xs:boolean"/></xs:simpleType></xs:element>
  </xs:sequence><xs:attribute name="count" type="xs:nonNegativeInteger"/></xs:complexType></xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<values count="3">
  <int>-42</int>
  <dec>3.14</dec>
  <date>2024-02-29</date>
  <time>2024-02-29T12:00:00Z</time>
  <flag>true</flag>
  <pos>7</pos>
  <byte>-128</byte>
  <token>abc</token>
  <uri>http://example.com/x</uri>
  <list>1 2 3</list>
  <union>false</union>
</values>
`,
  },
  {
    name: 'facets and enumerations',
    check: { kind: 'xsd', schema: 'facets.xsd' },
    files: {
      'facets.xsd': `<xs:schema ${XS}>
  <xs:simpleType name="code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}-[0-9]{3}"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="percent"><xs:restriction base="xs:integer"><xs:minInclusive value="0"/><xs:maxInclusive value="100"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="short"><xs:restriction base="xs:string"><xs:minLength value="2"/><xs:maxLength value="5"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="money"><xs:restriction base="xs:decimal"><xs:totalDigits value="6"/><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="color"><xs:restriction base="xs:token"><xs:enumeration value="red"/><xs:enumeration value="green"/><xs:enumeration value="blue"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="fixed"><xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction></xs:simpleType>
  <xs:element name="item"><xs:complexType><xs:sequence>
    <xs:element name="code" type="code"/>
    <xs:element name="percent" type="percent"/>
    <xs:element name="short" type="short"/>
    <xs:element name="money" type="money"/>
    <xs:element name="color" type="color"/>
    <xs:element name="fixed" type="fixed"/>
  </xs:sequence><xs:attribute name="shade" type="color" use="required"/></xs:complexType></xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<item shade="blue">
  <code>AB-123</code>
  <percent>50</percent>
  <short>abc</short>
  <money>1234.50</money>
  <color>green</color>
  <fixed>xyz</fixed>
</item>
`,
  },
  {
    name: 'attributes',
    check: { kind: 'xsd', schema: 'attrs.xsd' },
    files: {
      'attrs.xsd': `<xs:schema ${XS}>
  <xs:element name="people"><xs:complexType><xs:sequence>
    <xs:element name="person" maxOccurs="unbounded"><xs:complexType>
      <xs:attribute name="id" type="xs:ID" use="required"/>
      <xs:attribute name="age" type="xs:int"/>
      <xs:attribute name="role" fixed="member"/>
      <xs:attribute name="boss" type="xs:IDREF"/>
    </xs:complexType></xs:element>
  </xs:sequence><xs:attribute name="version" type="xs:decimal" use="required"/></xs:complexType></xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<people version="1.0">
  <person id="p1" age="40"/>
  <person id="p2" age="30" role="member" boss="p1"/>
  <person id="p3" boss="p2"/>
</people>
`,
  },
  {
    name: 'content models',
    check: { kind: 'xsd', schema: 'models.xsd' },
    files: {
      'models.xsd': `<xs:schema ${XS}>
  <xs:element name="order"><xs:complexType><xs:sequence>
    <xs:element name="customer" type="xs:string"/>
    <xs:choice>
      <xs:element name="pickup" type="xs:string"/>
      <xs:element name="address" type="xs:string"/>
    </xs:choice>
    <xs:element name="line" minOccurs="1" maxOccurs="3"><xs:complexType><xs:all>
      <xs:element name="sku" type="xs:string"/>
      <xs:element name="qty" type="xs:int" minOccurs="0"/>
    </xs:all></xs:complexType></xs:element>
    <xs:element name="note" type="xs:string" minOccurs="0"/>
    <xs:element name="empty" minOccurs="0"><xs:complexType/></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<order>
  <customer>Ann</customer>
  <address>Main St</address>
  <line><sku>A</sku><qty>1</qty></line>
  <line><qty>2</qty><sku>B</sku></line>
  <note>fragile</note>
  <empty/>
</order>
`,
  },
  {
    name: 'mixed content',
    check: { kind: 'xsd', schema: 'mixed.xsd' },
    files: {
      'mixed.xsd': `<xs:schema ${XS}>
  <xs:element name="doc"><xs:complexType><xs:sequence>
    <xs:element name="para" maxOccurs="unbounded"><xs:complexType mixed="true"><xs:choice minOccurs="0" maxOccurs="unbounded">
      <xs:element name="b" type="xs:string"/>
      <xs:element name="i" type="xs:string"/>
    </xs:choice></xs:complexType></xs:element>
    <xs:element name="data"><xs:complexType><xs:sequence><xs:element name="v" type="xs:int" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<doc>
  <para>Some <b>bold</b> and <i>italic</i> text.</para>
  <para>Plain.</para>
  <data>
    <v>1</v>
    <v>2</v>
  </data>
</doc>
`,
  },
  {
    name: 'identity constraints',
    check: { kind: 'xsd', schema: 'keys.xsd' },
    files: {
      'keys.xsd': `<xs:schema ${XS}>
  <xs:element name="library"><xs:complexType><xs:sequence>
    <xs:element name="author" maxOccurs="unbounded"><xs:complexType><xs:attribute name="id" type="xs:string"/><xs:attribute name="email" type="xs:string"/></xs:complexType></xs:element>
    <xs:element name="book" maxOccurs="unbounded"><xs:complexType><xs:attribute name="isbn" type="xs:string"/><xs:attribute name="by" type="xs:string"/></xs:complexType></xs:element>
  </xs:sequence></xs:complexType>
    <xs:key name="authorKey"><xs:selector xpath="author"/><xs:field xpath="@id"/></xs:key>
    <xs:unique name="email"><xs:selector xpath="author"/><xs:field xpath="@email"/></xs:unique>
    <xs:unique name="isbn"><xs:selector xpath="book"/><xs:field xpath="@isbn"/></xs:unique>
    <xs:keyref name="byAuthor" refer="authorKey"><xs:selector xpath="book"/><xs:field xpath="@by"/></xs:keyref>
  </xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<library>
  <author id="a1" email="a@x"/>
  <author id="a2" email="b@x"/>
  <author id="a3"/>
  <book isbn="1" by="a1"/>
  <book isbn="2" by="a2"/>
  <book isbn="3" by="a1"/>
</library>
`,
  },
  {
    name: 'include and import with namespaces',
    check: { kind: 'xsd', schema: 'main.xsd' },
    files: {
      'main.xsd': `<xs:schema ${XS} xmlns="urn:main" xmlns:p="urn:parts" targetNamespace="urn:main" elementFormDefault="qualified">
  <xs:include schemaLocation="common/types.xsd"/>
  <xs:import namespace="urn:parts" schemaLocation="parts/parts.xsd"/>
  <xs:element name="machine"><xs:complexType><xs:sequence>
    <xs:element name="serial" type="serialType"/>
    <xs:element ref="p:part" maxOccurs="unbounded"/>
  </xs:sequence><xs:attribute name="model" type="xs:string" use="required"/></xs:complexType></xs:element>
</xs:schema>`,
      'common/types.xsd': `<xs:schema ${XS} targetNamespace="urn:main">
  <xs:simpleType name="serialType"><xs:restriction base="xs:string"><xs:pattern value="S[0-9]+"/></xs:restriction></xs:simpleType>
</xs:schema>`,
      'parts/parts.xsd': `<xs:schema ${XS} targetNamespace="urn:parts" elementFormDefault="unqualified">
  <xs:element name="part"><xs:complexType><xs:sequence>
    <xs:element name="weight" type="xs:decimal"/>
  </xs:sequence><xs:attribute name="no" type="xs:int" use="required"/></xs:complexType></xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<m:machine xmlns:m="urn:main" xmlns:p="urn:parts" model="X1">
  <m:serial>S100</m:serial>
  <p:part no="1"><weight>2.5</weight></p:part>
  <p:part no="2"><weight>1</weight></p:part>
</m:machine>
`,
  },
  {
    name: 'default namespace',
    check: { kind: 'xsd', schema: 'ns.xsd' },
    files: {
      'ns.xsd': `<xs:schema ${XS} xmlns="urn:feed" targetNamespace="urn:feed" elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xs:element name="feed"><xs:complexType><xs:sequence>
    <xs:element name="title" type="xs:string"/>
    <xs:element name="entry" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="id" type="xs:anyURI"/>
      <xs:element name="updated" type="xs:dateTime"/>
    </xs:sequence><xs:attribute name="lang" type="xs:language"/></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    },
    document: `<?xml version="1.0"?>
<feed xmlns="urn:feed">
  <title>News</title>
  <entry lang="en">
    <id>urn:x:1</id>
    <updated>2024-01-01T00:00:00Z</updated>
  </entry>
  <entry>
    <id>urn:x:2</id>
    <updated>2024-01-02T00:00:00Z</updated>
  </entry>
</feed>
`,
  },
  {
    name: 'DTD content models and attribute types (DOCTYPE)',
    check: { kind: 'dtd-doctype' },
    files: {
      'memo.dtd': `<!ELEMENT memo (to+, from, subject?, body)>
<!ATTLIST memo priority (low|normal|high) "normal" id ID #REQUIRED version CDATA #FIXED "1">
<!ELEMENT to (#PCDATA)>
<!ATTLIST to ref IDREF #IMPLIED>
<!ELEMENT from (#PCDATA)>
<!ATTLIST from code NMTOKEN #IMPLIED>
<!ELEMENT subject (#PCDATA)>
<!ELEMENT body (p | list)*>
<!ELEMENT p (#PCDATA | em)*>
<!ELEMENT em (#PCDATA)>
<!ELEMENT list (item+)>
<!ELEMENT item (#PCDATA)>
<!ATTLIST item n NMTOKENS #IMPLIED>`,
    },
    document: `<?xml version="1.0"?>
<!DOCTYPE memo SYSTEM "memo.dtd">
<memo id="m1" priority="high">
  <to ref="m1">Ann</to>
  <to>Bob</to>
  <from code="x1">Cy</from>
  <subject>Hi</subject>
  <body>
    <p>Hello <em>all</em>.</p>
    <list>
      <item n="1 2">one</item>
      <item>two</item>
    </list>
  </body>
</memo>
`,
  },
  {
    name: 'DTD file with parameter entities (--schema FILE.dtd)',
    check: { kind: 'dtd-file', schema: 'book.dtd' },
    files: {
      'book.dtd': `<!ENTITY % inline "#PCDATA | b | i">
<!ENTITY % chapters SYSTEM "mods/chapters.ent">
%chapters;
<!ELEMENT book (title, chapter+)>
<!ATTLIST book isbn CDATA #REQUIRED>
<!ELEMENT title (%inline;)*>
<!ELEMENT b (#PCDATA)>
<!ELEMENT i (#PCDATA)>`,
      'mods/chapters.ent': `<!ELEMENT chapter (title, para*)>
<!ATTLIST chapter id ID #REQUIRED next IDREF #IMPLIED>
<!ELEMENT para (%inline;)*>`,
    },
    document: `<?xml version="1.0"?>
<book isbn="123">
  <title>A <b>bold</b> title</title>
  <chapter id="c1" next="c2">
    <title>One</title>
    <para>Text <i>here</i>.</para>
  </chapter>
  <chapter id="c2">
    <title>Two</title>
  </chapter>
</book>
`,
  },
  {
    name: 'DTD internal subset',
    check: { kind: 'dtd-doctype' },
    files: {},
    document: `<?xml version="1.0"?>
<!DOCTYPE list [
  <!ELEMENT list (entry*)>
  <!ELEMENT entry (#PCDATA)>
  <!ATTLIST entry key ID #REQUIRED see IDREFS #IMPLIED kind (a|b) #IMPLIED>
]>
<list>
  <entry key="k1" kind="a">one</entry>
  <entry key="k2" see="k1">two</entry>
  <entry key="k3" see="k1 k2">three</entry>
</list>
`,
  },
  {
    name: 'RELAX NG',
    check: { kind: 'rng', schema: 'addr.rng' },
    files: {
      'addr.rng': `<element name="addressBook" xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <zeroOrMore>
    <element name="card">
      <attribute name="id"><data type="ID"/></attribute>
      <element name="name"><text/></element>
      <choice>
        <element name="email"><data type="string"><param name="pattern">[^@]+@[^@]+</param></data></element>
        <element name="phone"><data type="integer"/></element>
      </choice>
      <optional><element name="note"><text/></element></optional>
      <optional><attribute name="kind"><choice><value>home</value><value>work</value></choice></attribute></optional>
    </element>
  </zeroOrMore>
</element>`,
    },
    document: `<?xml version="1.0"?>
<addressBook>
  <card id="c1" kind="home">
    <name>Ann</name>
    <email>ann@x.org</email>
  </card>
  <card id="c2">
    <name>Bob</name>
    <phone>12345</phone>
    <note>call</note>
  </card>
</addressBook>
`,
  },
  {
    name: 'RELAX NG with namespaces and interleave',
    check: { kind: 'rng', schema: 'ns.rng' },
    files: {
      'ns.rng': `<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:shop" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="shop"><oneOrMore><ref name="product"/></oneOrMore></element></start>
  <define name="product">
    <element name="product">
      <attribute name="sku"><data type="token"><param name="maxLength">6</param></data></attribute>
      <interleave>
        <element name="title"><text/></element>
        <element name="price"><data type="decimal"/></element>
      </interleave>
    </element>
  </define>
</grammar>`,
    },
    document: `<?xml version="1.0"?>
<shop xmlns="urn:shop">
  <product sku="A1">
    <title>Pen</title>
    <price>1.50</price>
  </product>
  <product sku="B2">
    <price>3</price>
    <title>Ink</title>
  </product>
</shop>
`,
  },
];
